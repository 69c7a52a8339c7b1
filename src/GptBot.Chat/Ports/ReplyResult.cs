namespace GptBot.Chat.Ports;

/// <summary>
/// What the implementation said about one reply message. <see cref="Delivered"/> is false when it refused or never
/// answered; <see cref="Unconfirmed"/> marks a message that was written to the socket before the socket dropped: it
/// probably arrived, and it is never sent a second time (at most once, like the action client's resend rule).
/// </summary>
public sealed record ReplyResult(bool Delivered, long? MessageId, string? Failure, bool TimedOut = false, bool Unconfirmed = false)
{
    public static ReplyResult Success(long? messageId) => new(true, messageId, null);

    public static ReplyResult SentUnconfirmed(string failure) => new(true, null, failure, Unconfirmed: true);

    public static ReplyResult Failed(string failure, bool timedOut = false) => new(false, null, failure, timedOut);
}
