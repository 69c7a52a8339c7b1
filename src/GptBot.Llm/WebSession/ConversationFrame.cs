namespace GptBot.Llm.WebSession;

internal enum ConversationFrameKind
{
    /// <summary>Nothing to show: a keep-alive, a frame without a message, a non-assistant echo, unparsable JSON.</summary>
    Ignored,

    /// <summary>An assistant message; <see cref="ConversationFrame.Text"/> is the whole text so far (null when it has none yet).</summary>
    Message,

    /// <summary>The backend reported an error inside the stream.</summary>
    Error,

    /// <summary><c>data: [DONE]</c>.</summary>
    Done,
}

/// <summary>One <c>data:</c> line of the conversation stream, reduced to what the client uses.</summary>
internal readonly record struct ConversationFrame(ConversationFrameKind Kind, string? ConversationId, string? MessageId, string? Text, string? Error)
{
    public static ConversationFrame Ignored(string? conversationId = null) => new(ConversationFrameKind.Ignored, conversationId, null, null, null);
}
