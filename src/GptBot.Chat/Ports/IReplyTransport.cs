using GptBot.Chat.Model;

namespace GptBot.Chat.Ports;

/// <summary>The form a reply takes on the wire.</summary>
public enum ReplyForm
{
    /// <summary>One plain text message (always sent as text segments, never parsed as CQ codes).</summary>
    Text,

    /// <summary>A merged-forward message whose nodes are <see cref="OutgoingReply.Parts"/>.</summary>
    Forward,

    /// <summary>A PNG image in <see cref="OutgoingReply.Image"/>.</summary>
    Image,
}

/// <summary>One message to send to a conversation.</summary>
public sealed record OutgoingReply(ReplyForm Form, string Text, long? QuoteMessageId = null, IReadOnlyList<string>? Parts = null, ReadOnlyMemory<byte> Image = default)
{
    public static OutgoingReply FromText(string text, long? quoteMessageId = null) => new(ReplyForm.Text, text, quoteMessageId);
}

/// <summary>
/// What the implementation said about a send. <see cref="Delivered"/> is false when it refused or never answered;
/// <see cref="Unconfirmed"/> marks a message that was written to the socket before the socket dropped: it probably
/// arrived, and it is never sent a second time (at most once, like the action client's resend rule).
/// </summary>
public sealed record DeliveryResult(bool Delivered, long? MessageId, string? Failure, bool TimedOut = false, bool Unconfirmed = false)
{
    public static DeliveryResult Success(long? messageId) => new(true, messageId, null);

    public static DeliveryResult SentUnconfirmed(string failure) => new(true, null, failure, Unconfirmed: true);

    public static DeliveryResult Failed(string failure, bool timedOut = false) => new(false, null, failure, timedOut);
}

/// <summary>Sends replies to the chat a message came from. Implemented by the host over OneBot.</summary>
public interface IReplySender
{
    Task<DeliveryResult> SendAsync(ConversationKey key, OutgoingReply reply, CancellationToken cancellationToken);
}
