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
/// Turns OneBot message events into the chat domain's <see cref="IncomingMessage"/>s. Runs on the receive loop, so it
/// only does cheap work inline; a reply segment, which needs a <c>get_msg</c> round trip, is resolved on its own task.
/// </summary>
internal sealed partial class OneBotEventBridge(
    ChatDispatcher dispatcher,
    IOneBotApi api,
    RecentMessageFilter recentMessages,
    IOptions<HostingOptions> hosting,
    ILogger<OneBotEventBridge> logger) : IOneBotEventSink
{
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
            case MessageEvent message when ToMeRules.FindReplyId(message.Message) is { } replyId:
                _ = ResolveReplyAndDispatchAsync(message, replyId);
                break;
            case MessageEvent message:
                Dispatch(message, quotedSender: null);
                break;
            case MetaEvent meta:
                LogMeta(logger, meta.SelfId, meta.MetaEventType, meta.SubType);
                break;
            default:
                LogIgnored(logger, oneBotEvent.SelfId, oneBotEvent.PostType, oneBotEvent.GetType().Name);
                break;
        }
    }

    private async Task ResolveReplyAndDispatchAsync(MessageEvent message, long replyId)
    {
        long? quotedSender = null;
        try
        {
            quotedSender = await api.GetMessageSenderAsync(message.SelfId, replyId, CancellationToken.None);
        }
        catch (OneBotActionException ex)
        {
            // As in NoneBot: if get_msg fails the message is left as it came.
            LogGetMsgFailed(logger, replyId, ex.Message);
        }

        Dispatch(message, quotedSender);
    }

    private void Dispatch(MessageEvent message, long? quotedSender)
    {
        var addressed = ToMeRules.Apply(message.Message, message.SelfId, message.IsPrivate, quotedSender, hosting.Value.Nicknames);
        var key = message.IsGroup
            ? ConversationKey.Group(message.SelfId, message.GroupId!.Value)
            : ConversationKey.Private(message.SelfId, message.UserId);
        var incoming = new IncomingMessage(
            key,
            message.UserId,
            message.Sender.DisplayName,
            ToMeRules.PlainText(addressed.Segments),
            addressed.Segments[0].IsText,
            message.MessageId);
        var outcome = dispatcher.Dispatch(incoming);
        LogDispatched(logger, key, message.MessageId, outcome);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} in {Conversation}: {Outcome}")]
    private static partial void LogDispatched(ILogger logger, ConversationKey conversation, long messageId, DispatchOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} to bot {SelfId} was already received; ignoring the replay")]
    private static partial void LogReplayed(ILogger logger, long selfId, long messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Meta event from bot {SelfId}: {Type} {SubType}")]
    private static partial void LogMeta(ILogger logger, long selfId, string type, string subType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a {PostType} event ({Kind}) from bot {SelfId}")]
    private static partial void LogIgnored(ILogger logger, long selfId, string postType, string kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "get_msg for quoted message {MessageId} failed ({Reason}); treating the message as it came")]
    private static partial void LogGetMsgFailed(ILogger logger, long messageId, string reason);
}
