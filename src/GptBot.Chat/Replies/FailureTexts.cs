using System.Net;
using GptBot.Chat.Ports;

namespace GptBot.Chat.Replies;

/// <summary>What the chat is told when the LLM call failed: the one place that words each <see cref="ChatFailureKind"/>.</summary>
public static class FailureTexts
{
    public static string For(ChatFailure failure) => failure.Kind switch
    {
        ChatFailureKind.Unreachable => ChatTexts.ConnectionFailed,
        ChatFailureKind.HttpStatus => HttpStatus(failure),
        ChatFailureKind.Timeout => ChatTexts.Timeout,
        ChatFailureKind.CircuitOpen => ChatTexts.LlmUnavailable,

        // The responder first retries with less history; when it cannot, or that fails too, the chat hears what the
        // provider answered, as for any other error status.
        ChatFailureKind.ContextTooLong => HttpStatus(failure),
        ChatFailureKind.PromptOverWindow => ChatTexts.PromptOverWindow,
        ChatFailureKind.SessionExpiredRefreshed => ChatTexts.TokenExpiredRefreshed,
        ChatFailureKind.SessionRefreshFailed => ChatTexts.TokenExpiredRefreshFailed,
        ChatFailureKind.StreamCut => ChatTexts.StreamBroken,
        ChatFailureKind.StreamGarbled => ChatTexts.StreamGarbled,
        ChatFailureKind.StreamError => ChatTexts.ErrorInAnswer,
        ChatFailureKind.ImageInputRefused => ChatTexts.ImagesRefusedByModel,
        ChatFailureKind.ImageInputUnsupported => ChatTexts.ImagesNotSupported,

        // An error object in an OpenAI-compatible stream (ProviderError) has always had the generic text, unlike the web
        // stream's error; operators know both texts, so they stay apart. InvalidResponse, UnsupportedInput and
        // Unexpected get it too.
        _ => ChatTexts.UnexpectedFailure,
    };

    /// <summary>
    /// The seed's <c>error 429: Too Many Requests</c>, always with the standard reason phrase of the status: the one on
    /// the provider's status line is any text a relay chooses, and would reach the group word for word (the log keeps
    /// it). Without a status there is nothing to quote, and the chat gets the generic text.
    /// </summary>
    private static string HttpStatus(ChatFailure failure) => failure.StatusCode is { } status
        ? ChatTexts.HttpError(status, StandardReason(status))
        : ChatTexts.UnexpectedFailure;

    /// <summary>The standard reason phrase of a status (HttpResponseMessage knows them); empty for a code it does not know.</summary>
    private static string StandardReason(int status)
    {
        if (status is < 0 or > 999)
        {
            return string.Empty;
        }

        using var response = new HttpResponseMessage((HttpStatusCode)status);
        return response.ReasonPhrase ?? string.Empty;
    }
}
