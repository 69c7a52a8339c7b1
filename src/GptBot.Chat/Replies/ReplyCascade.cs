using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Replies;

/// <summary>
/// Delivers a piece of an answer, checking every send: when a form fails, what was not delivered is retried in the next
/// form (split text, then one merged-forward message, then an image; a forward or image start wraps round to the
/// earlier forms), and when all fail the chat gets a short notice.
/// Every step is logged; the form that finally worked is remembered for the chat (<see cref="DeliveryMemory"/>).
/// A send that timed out counts as failed: the implementation may still have delivered it, but a duplicate is better
/// than an answer that silently never arrives, so the same content goes out again in the next form.
/// </summary>
public sealed partial class ReplyCascade(
    IReplySender sender,
    IReplyImageRenderer renderer,
    ChatSendPacer pacer,
    DeliveryMemory memory,
    IOptions<ReplyOptions> options,
    ILogger<ReplyCascade> logger)
{
    /// <summary>Answers at least this long are "long": they start in the chat's remembered form.</summary>
    public int LongAnswerLength => Math.Min(options.Value.ForwardTextLength, options.Value.ImageTextLength);

    /// <summary>The form a complete answer of <paramref name="length"/> chars starts in.</summary>
    public ReplyForm StartForm(ConversationKey key, int length)
    {
        var settings = options.Value;
        var preferred = settings.Mode switch
        {
            ReplyMode.Forward when length >= settings.ForwardTextLength => ReplyForm.Forward,
            ReplyMode.Image when length >= settings.ImageTextLength => ReplyForm.Image,
            _ => ReplyForm.Text,
        };
        // The remembered form is the one that worked here after the configured one failed, so it wins for long answers.
        return length >= LongAnswerLength && memory.Recall(key) is { } remembered ? remembered : preferred;
    }

    /// <summary>Delivers <paramref name="text"/> starting in <paramref name="start"/>; returns the form that worked, or null.</summary>
    public async Task<ReplyForm?> DeliverAsync(AnswerTarget target, string text, ReplyForm start, CancellationToken cancellationToken)
    {
        var remaining = text.Trim();
        if (remaining.Length == 0)
        {
            return start;
        }

        var failed = false;
        var order = Order(start);
        for (var i = 0; i < order.Length; i++)
        {
            var form = order[i];
            var undelivered = form switch
            {
                ReplyForm.Text => await SendTextAsync(target, remaining, cancellationToken),
                ReplyForm.Forward => await SendForwardAsync(target, remaining, cancellationToken),
                _ => await SendImageAsync(target, remaining, cancellationToken),
            };
            if (undelivered is null)
            {
                if (failed)
                {
                    memory.Remember(target.Key, form);
                    LogRecovered(logger, target.Key, form);
                }

                return form;
            }

            failed = true;
            remaining = undelivered;
            if (i + 1 < order.Length)
            {
                LogFallingBack(logger, target.Key, remaining.Length, form, order[i + 1]);
            }
        }

        LogUndelivered(logger, target.Key, remaining.Length);
        await SendNoticeAsync(target, ChatTexts.ReplyUndelivered, cancellationToken);
        return null;
    }

    /// <summary>
    /// The forms to try, starting with <paramref name="start"/> and going down text, forward, image; a start further
    /// down (forward or image mode) wraps round to the earlier forms before giving up.
    /// </summary>
    private static ReplyForm[] Order(ReplyForm start) => start switch
    {
        ReplyForm.Text => [ReplyForm.Text, ReplyForm.Forward, ReplyForm.Image],
        ReplyForm.Forward => [ReplyForm.Forward, ReplyForm.Image, ReplyForm.Text],
        _ => [ReplyForm.Image, ReplyForm.Text, ReplyForm.Forward],
    };

    /// <summary>Sends one of the bot's own short texts; a failure is logged, there is nothing further to fall back to.</summary>
    public async Task<bool> SendNoticeAsync(AnswerTarget target, string text, CancellationToken cancellationToken)
    {
        var result = await SendAsync(target, OutgoingReply.FromText(text, target.PendingQuote), cancellationToken);
        if (!result.Delivered)
        {
            LogNoticeLost(logger, target.Key, text);
        }

        return result.Delivered;
    }

    /// <summary>Sends the text as messages of at most GPT_MESSAGE_MAX_LENGTH; returns the undelivered rest, or null.</summary>
    private async Task<string?> SendTextAsync(AnswerTarget target, string text, CancellationToken cancellationToken)
    {
        var cursor = 0;
        foreach (var part in MessageSplitter.Split(text, options.Value.MaxMessageLength))
        {
            // Parts are the text in order minus whitespace at the cuts, so the rest is found by searching on.
            var start = text.IndexOf(part, cursor, StringComparison.Ordinal);
            var result = await SendAsync(target, OutgoingReply.FromText(part, target.PendingQuote), cancellationToken);
            if (!result.Delivered)
            {
                return text[start..];
            }

            cursor = start + part.Length;
        }

        return null;
    }

    private async Task<string?> SendForwardAsync(AnswerTarget target, string text, CancellationToken cancellationToken)
    {
        var nodes = MessageSplitter.Split(text, options.Value.MaxMessageLength);
        var result = await SendAsync(target, new OutgoingReply(ReplyForm.Forward, text, Parts: nodes), cancellationToken);
        return result.Delivered ? null : text;
    }

    private async Task<string?> SendImageAsync(AnswerTarget target, string text, CancellationToken cancellationToken)
    {
        var png = renderer.RenderPng(text);
        if (png is null)
        {
            LogNoImage(logger, target.Key);
            return text;
        }

        var result = await SendAsync(target, new OutgoingReply(ReplyForm.Image, text, target.PendingQuote, Image: png), cancellationToken);
        return result.Delivered ? null : text;
    }

    private async Task<DeliveryResult> SendAsync(AnswerTarget target, OutgoingReply reply, CancellationToken cancellationToken)
    {
        await pacer.TakeTurnAsync(target.Key, cancellationToken);
        DeliveryResult result;
        try
        {
            result = await sender.SendAsync(target.Key, reply, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = DeliveryResult.Failed(ex.GetType().Name + ": " + ex.Message);
        }

        if (result.Delivered)
        {
            target.RecordDelivered(reply.QuoteMessageId is not null);
            if (result.Unconfirmed)
            {
                LogUnconfirmed(logger, target.Key, reply.Form, reply.Text.Length, result.Failure ?? "socket dropped");
            }
        }
        else
        {
            target.RecordFailed();
            if (result.TimedOut)
            {
                LogTimedOut(logger, target.Key, reply.Form, reply.Text.Length, result.Failure ?? "timeout");
            }
            else
            {
                LogSendFailed(logger, target.Key, reply.Form, reply.Text.Length, result.Failure ?? "unknown");
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Form} reply of {Length} chars to {Conversation} was written but its socket dropped before the answer ({Failure}); it probably arrived and is not sent twice")]
    private static partial void LogUnconfirmed(ILogger logger, ConversationKey conversation, ReplyForm form, int length, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Form} reply of {Length} chars to {Conversation} was refused: {Failure}")]
    private static partial void LogSendFailed(ILogger logger, ConversationKey conversation, ReplyForm form, int length, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Form} reply of {Length} chars to {Conversation} got no answer ({Failure}); it may have arrived, sending it again in the next form")]
    private static partial void LogTimedOut(ILogger logger, ConversationKey conversation, ReplyForm form, int length, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying {Length} undelivered chars to {Conversation}: {From} failed, trying {To}")]
    private static partial void LogFallingBack(ILogger logger, ConversationKey conversation, int length, ReplyForm from, ReplyForm to);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Conversation} accepted the answer as {Form}; long answers there start in that form for a while")]
    private static partial void LogRecovered(ILogger logger, ConversationKey conversation, ReplyForm form);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No image renderer is available for {Conversation}; skipping the image form")]
    private static partial void LogNoImage(ILogger logger, ConversationKey conversation);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Length} chars of an answer to {Conversation} could not be delivered in any form; sending a notice")]
    private static partial void LogUndelivered(ILogger logger, ConversationKey conversation, int length);

    [LoggerMessage(Level = LogLevel.Error, Message = "The notice '{Notice}' to {Conversation} was not delivered either")]
    private static partial void LogNoticeLost(ILogger logger, ConversationKey conversation, string notice);
}
