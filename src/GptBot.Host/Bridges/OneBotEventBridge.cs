using GptBot.Chat.Conversations;
using GptBot.Chat.Dispatch;
using GptBot.Chat.Model;
using GptBot.Host.Configuration;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Messages;
using GptBot.OneBot.Protocol;
using GptBot.OneBot.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Host.Bridges;

/// <summary>
/// Turns OneBot message events into the chat domain's <see cref="IncomingMessage"/>s and posts them to the
/// <see cref="ChatInbox"/>. Runs on a connection's receive loop, so it never waits: a full inbox refuses the message and
/// the refusal is logged. A message that quotes another needs a <c>get_msg</c> round trip first; that lookup is owned by
/// this service (see the Quotes part), and its conversation's later messages wait behind it so the chat still sees
/// them in arrival order.
/// </summary>
internal sealed partial class OneBotEventBridge(
    ChatInbox inbox,
    IOneBotApi api,
    RecentMessageFilter recentMessages,
    IOptions<HostingOptions> hosting,
    TimeProvider timeProvider,
    ILogger<OneBotEventBridge> logger) : IOneBotEventSink
{
    /// <summary>
    /// An overloaded or stopping service drops messages by the thousand; one line per period, with the count held back,
    /// says as much without adding a log flood to the overload.
    /// </summary>
    private static readonly TimeSpan DropLogPeriod = TimeSpan.FromSeconds(10);

    private readonly LogThrottle _inboxFullLog = new(timeProvider, DropLogPeriod);
    private readonly LogThrottle _stoppingLog = new(timeProvider, DropLogPeriod);
    private readonly LogThrottle _heldFullLog = new(timeProvider, DropLogPeriod);

    public void Publish(OneBotEvent oneBotEvent, IOneBotConnection source)
    {
        switch (oneBotEvent)
        {
            case MessageEvent message when message.UserId == message.SelfId:
                // The bot's own message (some implementations report them): never answer it, so two bots cannot loop.
                break;
            case MessageEvent message when !recentMessages.TryMarkSeen(message.SelfId, message.MessageId):
                // A reconnecting implementation replayed it: it was answered (or ignored) the first time.
                LogReplayed(logger, message.SelfId, message.MessageId);
                break;
            case MessageEvent message:
                Accept(message);
                break;
            case MetaEvent meta:
                LogMeta(logger, meta.SelfId, meta.MetaEventType, meta.SubType);
                break;
            default:
                LogIgnored(logger, oneBotEvent.SelfId, oneBotEvent.PostType, oneBotEvent.GetType().Name);
                break;
        }
    }

    private void Accept(MessageEvent message)
    {
        var key = message.IsGroup
            ? ConversationKey.Group(message.SelfId, message.GroupId!.Value)
            : ConversationKey.Private(message.SelfId, message.UserId);
        var replyId = ToMeRules.FindReplyId(message.Message);
        if (replyId is null && !HoldsAny)
        {
            Post(key, message, quoted: null);
            return;
        }

        HoldOrPost(key, message, replyId);
    }

    /// <summary>
    /// Applies the to-me rules with what is known of the quoted message, and posts the result to the chat, with the
    /// images of the message and of the one it quotes, and the quoted message's text (bounded) for the prompt.
    /// </summary>
    private void Post(ConversationKey key, MessageEvent message, QuotedMessage? quoted)
    {
        // A quoted message nobody could look up says nothing of who is addressed, but its reply segment would still
        // stand before "/gpt" and hide the command (NoneBot then ignores the message): "/gpt 这是什么" on a reply is
        // answered all the same, without the quotation.
        var segments = quoted is null ? WithoutReply(message.Message) : message.Message;
        var addressed = ToMeRules.Apply(segments, message.SelfId, message.IsPrivate, quoted?.SenderId, hosting.Value.Nicknames);
        var first = addressed.Segments[0];
        var incoming = new IncomingMessage(
            key,
            message.UserId,
            message.Sender.DisplayName,
            ToMeRules.PlainText(addressed.Segments),
            first.IsText,
            message.MessageId,
            LeadingTextLength: first.IsText ? first.Text.Length : 0)
        {
            Images = ImageSegments.References(message.Message, quoted?.Segments),
            SenderRole = message.IsGroup ? RoleOf(message.Sender.Role) : MemberRole.Member,
            ToMe = addressed.ToMe,
            QuotedText = quoted is null ? null : QuotedPrompt.Bound(ToMeRules.PlainText(quoted.Segments)),
        };
        switch (inbox.TryPost(incoming))
        {
            case InboxPost.Full when _inboxFullLog.TryEnter(out var suppressed):
                LogInboxFull(logger, message.MessageId, key, ChatInbox.Capacity, suppressed);
                break;
            case InboxPost.Closed when _stoppingLog.TryEnter(out var suppressed):
                LogStopping(logger, message.MessageId, key, suppressed);
                break;
        }
    }

    /// <summary>OneBot v11 names the roles <c>owner</c>, <c>admin</c> and <c>member</c>; anything else is a member.</summary>
    private static MemberRole RoleOf(string role) => role switch
    {
        "owner" => MemberRole.Owner,
        "admin" => MemberRole.Admin,
        _ => MemberRole.Member,
    };
    /// <summary>The segments without their reply segment (and the whitespace after it); the same list when there is none.</summary>
    private static IReadOnlyList<MessageSegment> WithoutReply(IReadOnlyList<MessageSegment> segments)
    {
        var index = -1;
        for (var i = 0; i < segments.Count && index < 0; i++)
        {
            index = segments[i].Type == SegmentTypes.Reply ? i : -1;
        }

        if (index < 0)
        {
            return segments;
        }

        var rest = new List<MessageSegment>(segments);
        rest.RemoveAt(index);
        if (index < rest.Count && rest[index].IsText)
        {
            var text = rest[index].Text.TrimStart();
            if (text.Length == 0)
            {
                rest.RemoveAt(index);
            }
            else
            {
                rest[index] = MessageSegment.CreateText(text);
            }
        }

        return rest.Count > 0 ? rest : [MessageSegment.CreateText(string.Empty)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped message {MessageId} in {Conversation}: the chat inbox is full ({Capacity} messages waiting); the service is overloaded ({Suppressed} more dropped since the last such line)")]
    private static partial void LogInboxFull(ILogger logger, long messageId, ConversationKey conversation, int capacity, int suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} in {Conversation} arrived while stopping; not taken ({Suppressed} more since the last such line)")]
    private static partial void LogStopping(ILogger logger, long messageId, ConversationKey conversation, int suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} to bot {SelfId} was already received; ignoring the replay")]
    private static partial void LogReplayed(ILogger logger, long selfId, long messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Meta event from bot {SelfId}: {Type} {SubType}")]
    private static partial void LogMeta(ILogger logger, long selfId, string type, string subType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a {PostType} event ({Kind}) from bot {SelfId}")]
    private static partial void LogIgnored(ILogger logger, long selfId, string postType, string kind);
}
