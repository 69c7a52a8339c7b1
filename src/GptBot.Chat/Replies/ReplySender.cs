using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;

namespace GptBot.Chat.Replies;

/// <summary>
/// The one path every message of the bot takes to a chat, answers and notices alike (refusals, control answers,
/// errors): it waits for the chat's turn (<see cref="ReplyPacer"/>), hands the message to the
/// <see cref="IReplyTransport"/>, logs the outcome and records it on the <see cref="ReplyTarget"/>. A transport that
/// throws counts as a refusal, so callers only ever see a <see cref="ReplyResult"/>.
/// </summary>
public sealed partial class ReplySender(IReplyTransport transport, ReplyPacer pacer, ChatMetrics metrics, ILogger<ReplySender> logger)
{
    public async Task<ReplyResult> SendAsync(ReplyTarget target, ReplyMessage message, CancellationToken cancellationToken)
    {
        await pacer.TakeTurnAsync(target.Key, cancellationToken);
        ReplyResult result;
        try
        {
            result = await transport.SendAsync(target.Key, message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = ReplyResult.Failed(ex.GetType().Name + ": " + ex.Message);
        }

        if (result.Delivered)
        {
            metrics.ReplySent(message.Form);
            target.RecordDelivered(message.QuoteMessageId is not null);
            if (result.Unconfirmed)
            {
                LogUnconfirmed(logger, target.Key, message.Form, message.Text.Length, result.Failure ?? "socket dropped");
            }
            else
            {
                LogSent(logger, target.Key, message.Form, message.Text.Length, result.MessageId);
            }
        }
        else if (result.TimedOut)
        {
            LogTimedOut(logger, target.Key, message.Form, message.Text.Length, result.Failure ?? "timeout");
        }
        else
        {
            LogRefused(logger, target.Key, message.Form, message.Text.Length, result.Failure ?? "unknown");
        }

        return result;
    }

    /// <summary>
    /// Sends one of the bot's own short texts as text, quoting the asker if the target still has a quote pending. A
    /// failure is logged; there is nothing further to fall back to.
    /// </summary>
    public async Task<bool> SendNoticeAsync(ReplyTarget target, string text, CancellationToken cancellationToken)
    {
        var result = await SendAsync(target, ReplyMessage.FromText(text, target.PendingQuote), cancellationToken);
        if (!result.Delivered)
        {
            LogNoticeLost(logger, target.Key, text);
        }

        return result.Delivered;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Form} reply of {Length} chars sent to {Conversation} (message id {MessageId})")]
    private static partial void LogSent(ILogger logger, ConversationKey conversation, ReplyForm form, int length, long? messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Form} reply of {Length} chars to {Conversation} was written but its socket dropped before the answer ({Failure}); it probably arrived and is not sent twice")]
    private static partial void LogUnconfirmed(ILogger logger, ConversationKey conversation, ReplyForm form, int length, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Form} reply of {Length} chars to {Conversation} was refused: {Failure}")]
    private static partial void LogRefused(ILogger logger, ConversationKey conversation, ReplyForm form, int length, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Form} reply of {Length} chars to {Conversation} got no answer ({Failure}); it may have arrived")]
    private static partial void LogTimedOut(ILogger logger, ConversationKey conversation, ReplyForm form, int length, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "The notice '{Notice}' to {Conversation} was not delivered")]
    private static partial void LogNoticeLost(ILogger logger, ConversationKey conversation, string notice);
}
