namespace GptBot.Chat.Ports;

/// <summary>
/// A backend call failed in a way the chat should hear about. LLM adapters throw it, or have their transport errors
/// turned into it by <see cref="FailureTranslatingChatClient"/>, so the domain never depends on a client library.
/// The message is <see cref="ChatFailure.Detail"/>, for the log.
/// </summary>
public sealed class ChatBackendException(ChatFailure failure, Exception? innerException = null)
    : Exception(failure.Detail, innerException)
{
    public ChatBackendException(ChatFailureKind kind, string detail, Exception? innerException = null)
        : this(new ChatFailure(kind, detail), innerException)
    {
    }

    public ChatFailure Failure { get; } = failure;
}
