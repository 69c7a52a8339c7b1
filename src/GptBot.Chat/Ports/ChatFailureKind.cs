namespace GptBot.Chat.Ports;

/// <summary>
/// What went wrong when asking the LLM, in the domain's terms. Backends report a kind, never a chat text: what the
/// chat is told for each kind is decided in one place, <c>GptBot.Chat.Replies.FailureTexts</c>.
/// </summary>
public enum ChatFailureKind
{
    /// <summary>Anything no other kind describes.</summary>
    Unexpected,

    /// <summary>No answer at all: the connection was refused, DNS failed, the proxy was unreachable.</summary>
    Unreachable,

    /// <summary>The provider answered with an HTTP error status (<see cref="ChatFailure.StatusCode"/>).</summary>
    HttpStatus,

    /// <summary>The backend's own time limit ran out (not the chat's GPT_TIMEOUT, which the domain handles itself).</summary>
    Timeout,

    /// <summary>The provider failed so often that requests are refused for a while without calling it.</summary>
    CircuitOpen,

    /// <summary>
    /// The model refused the context as too long. The domain retries once with less history; if it still fails, the
    /// chat hears what an HTTP error of <see cref="ChatFailure.StatusCode"/> would have said, or the generic text.
    /// </summary>
    ContextTooLong,

    /// <summary>The system prompt and the new prompt alone do not fit the model's window; nothing was sent.</summary>
    PromptOverWindow,

    /// <summary>The web session's access token was refused, the refresh worked, but the retried request was refused too.</summary>
    SessionExpiredRefreshed,

    /// <summary>The web session's access token was refused and renewing it failed.</summary>
    SessionRefreshFailed,

    /// <summary>The answer stream broke off; lines already sent stay sent.</summary>
    StreamCut,

    /// <summary>The answer stream carried data that could not be parsed.</summary>
    StreamGarbled,

    /// <summary>The web backend stopped its answer with an <c>error</c> inside the stream.</summary>
    StreamError,

    /// <summary>An OpenAI-compatible provider sent an <c>error</c> object where an answer chunk belonged.</summary>
    ProviderError,

    /// <summary>A success status whose body was not an answer at all (a proxy's JSON or HTML page, say).</summary>
    InvalidResponse,

    /// <summary>The backend cannot take what the request contained (a client library's NotSupportedException).</summary>
    UnsupportedInput,

    /// <summary>The request carried images and the model refused them: it cannot see images.</summary>
    ImageInputRefused,

    /// <summary>The request carried images and the backend has no way to send them (the web-session backend); nothing was sent.</summary>
    ImageInputUnsupported,
}
