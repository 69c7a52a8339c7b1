namespace GptBot.Testing;

/// <summary>What a flaky OpenAI-compatible provider does instead of answering, as <see cref="FakeLlmServer"/> plays it.</summary>
public enum LlmFault
{
    /// <summary>Answers normally.</summary>
    None,

    /// <summary>Accepts the request and never answers.</summary>
    Hang,

    /// <summary>429 Too Many Requests with <c>Retry-After: 1</c>.</summary>
    RateLimited,

    /// <summary>500 Internal Server Error.</summary>
    ServerError,

    /// <summary>Streams the answer's first line, then the connection drops.</summary>
    CutStream,

    /// <summary>Streams a frame that is not valid JSON, then ends the stream.</summary>
    InvalidJson,
}
