namespace GptBot.OneBot.Protocol;

/// <summary>An event pushed by the implementation. <see cref="Time"/> is in seconds (millisecond values are normalised).</summary>
public abstract record OneBotEvent(long SelfId, long Time, string PostType);

/// <summary>
/// A private or group message (post_type "message"). Bot-sent echoes (<c>message_sent</c>) never become one.
/// <see cref="MessageId"/> is 0 when the implementation gave no usable id (missing, or the placeholder -1).
/// </summary>
public sealed record MessageEvent(
    long SelfId,
    long Time,
    string MessageType,
    string SubType,
    long MessageId,
    long UserId,
    long? GroupId,
    IReadOnlyList<MessageSegment> Message,
    string RawMessage,
    MessageSender Sender) : OneBotEvent(SelfId, Time, "message")
{
    public bool IsGroup => MessageType == "group";

    public bool IsPrivate => MessageType == "private";
}

/// <summary>Best-effort sender details; every field may be missing on the wire.</summary>
public sealed record MessageSender(long UserId, string Nickname, string Card, string Role)
{
    /// <summary>The name members see in the group: the card if set, else the nickname, else the QQ id.</summary>
    public string DisplayName => Card.Length > 0 ? Card : Nickname.Length > 0 ? Nickname : UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>lifecycle or heartbeat. <see cref="Interval"/> is the heartbeat period in milliseconds when given.</summary>
public sealed record MetaEvent(long SelfId, long Time, string MetaEventType, string SubType, long? Interval)
    : OneBotEvent(SelfId, Time, "meta_event");

/// <summary>A notice, parsed only far enough to be logged and ignored.</summary>
public sealed record NoticeEvent(long SelfId, long Time, string NoticeType, string SubType)
    : OneBotEvent(SelfId, Time, "notice");

/// <summary>A friend or group request, parsed only far enough to be logged and ignored.</summary>
public sealed record RequestEvent(long SelfId, long Time, string RequestType, string SubType)
    : OneBotEvent(SelfId, Time, "request");

/// <summary>Any other post type (<c>message_sent</c>, a guild message...). Never handled as a user message.</summary>
public sealed record UnknownEvent(long SelfId, long Time, string PostType, string Detail)
    : OneBotEvent(SelfId, Time, PostType);
