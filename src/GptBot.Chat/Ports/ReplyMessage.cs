namespace GptBot.Chat.Ports;

/// <summary>One message to send to a conversation, optionally quoting the asker's message.</summary>
public sealed record ReplyMessage(ReplyForm Form, string Text, long? QuoteMessageId = null, IReadOnlyList<string>? Parts = null, ReadOnlyMemory<byte> Image = default)
{
    public static ReplyMessage FromText(string text, long? quoteMessageId = null) => new(ReplyForm.Text, text, quoteMessageId);
}
