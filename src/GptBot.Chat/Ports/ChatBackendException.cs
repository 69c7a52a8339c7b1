namespace GptBot.Chat.Ports;

/// <summary>
/// A backend failure with the exact text the chat should see (for example <c>error 429: Too Many Requests</c>).
/// LLM adapters translate their transport errors into this, so the domain never depends on a client library.
/// </summary>
public class ChatBackendException(string chatText, string logDetail, Exception? innerException = null)
    : Exception(logDetail, innerException)
{
    /// <summary>The text sent to the chat.</summary>
    public string ChatText { get; } = chatText;

    /// <summary>The request may succeed with a shorter context (the model said the context was too long).</summary>
    public bool ContextTooLong { get; init; }
}
