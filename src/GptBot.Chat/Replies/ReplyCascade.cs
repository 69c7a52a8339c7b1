using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Replies;

/// <summary>
/// Delivers a piece of an answer, checking every send: when a form fails, what was not delivered is retried in the
/// next form of <see cref="ReplyFormPolicy.FallbackOrder"/>, and when all fail the chat gets a short notice. The form
/// that finally worked is remembered for the chat. A send that timed out counts as failed: the implementation may still
/// have delivered it, but a duplicate is better than an answer that silently never arrives, so the same content goes
/// out again in the next form. With GPT_MARKDOWN=plain, text and merged-forward messages are converted to plain text
/// first; an image gets the Markdown itself and draws it.
/// </summary>
public sealed partial class ReplyCascade(
    ReplySender sender,
    ReplyFormPolicy policy,
    IReplyImageRenderer renderer,
    IOptions<ReplyOptions> options,
    ChatMetrics metrics,
    ILogger<ReplyCascade> logger,
    IMarkdownConverter? markdown = null)
{
    /// <summary>
    /// Delivers <paramref name="text"/> starting in <paramref name="start"/>; returns the form that worked, or null.
    /// Blank lines around the text go; the indentation of its first line stays (a streamed line of code).
    /// </summary>
    public async Task<ReplyForm?> DeliverAsync(ReplyTarget target, string text, ReplyForm start, CancellationToken cancellationToken)
    {
        var remaining = MessageSplitter.TrimKeepingIndentation(text).ToString();
        if (remaining.Length == 0)
        {
            return start;
        }

        var failed = false;
        var converted = false;
        var order = ReplyFormPolicy.FallbackOrder(start);
        for (var i = 0; i < order.Count; i++)
        {
            var form = order[i];
            if (form != ReplyForm.Image && !converted)
            {
                // Converted once: a rest that failed as text and goes on as a forward is plain already.
                remaining = Plain(remaining);
                converted = true;
            }

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
                    policy.Recovered(target.Key, form);
                    LogRecovered(logger, target.Key, form);
                }

                return form;
            }

            failed = true;
            remaining = undelivered;
            if (i + 1 < order.Count)
            {
                metrics.Fallback(form, order[i + 1]);
                LogFallingBack(logger, target.Key, remaining.Length, form, order[i + 1]);
            }
        }

        LogUndelivered(logger, target.Key, remaining.Length);
        await sender.SendNoticeAsync(target, ChatTexts.ReplyUndelivered, cancellationToken);
        return null;
    }

    /// <summary>The text as a text message shows it: plain with GPT_MARKDOWN=plain, else as written.</summary>
    private string Plain(string text) =>
        markdown is not null && options.Value.Markdown == MarkdownMode.Plain ? markdown.ToPlainText(text).Trim() : text;

    /// <summary>Sends the text as messages of at most GPT_MESSAGE_MAX_LENGTH; returns the undelivered rest, or null.</summary>
    private async Task<string?> SendTextAsync(ReplyTarget target, string text, CancellationToken cancellationToken)
    {
        var cursor = 0;
        foreach (var part in MessageSplitter.Split(text, options.Value.MaxMessageLength))
        {
            // Parts are the text in order minus whitespace at the cuts, so the rest is found by searching on.
            var start = text.IndexOf(part, cursor, StringComparison.Ordinal);
            var result = await sender.SendAsync(target, ReplyMessage.FromText(part, target.PendingQuote), cancellationToken);
            if (!result.Delivered)
            {
                return text[start..];
            }

            cursor = start + part.Length;
        }

        return null;
    }

    private async Task<string?> SendForwardAsync(ReplyTarget target, string text, CancellationToken cancellationToken)
    {
        var nodes = MessageSplitter.Split(text, options.Value.MaxMessageLength);
        var result = await sender.SendAsync(target, new ReplyMessage(ReplyForm.Forward, text, Parts: nodes), cancellationToken);
        return result.Delivered ? null : text;
    }

    private async Task<string?> SendImageAsync(ReplyTarget target, string text, CancellationToken cancellationToken)
    {
        var png = await renderer.RenderPngAsync(text, cancellationToken);
        if (png is null)
        {
            LogNoImage(logger, target.Key);
            return text;
        }

        var result = await sender.SendAsync(target, new ReplyMessage(ReplyForm.Image, text, target.PendingQuote, Image: png), cancellationToken);
        return result.Delivered ? null : text;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying {Length} undelivered chars to {Conversation}: {From} failed, trying {To}")]
    private static partial void LogFallingBack(ILogger logger, ConversationKey conversation, int length, ReplyForm from, ReplyForm to);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Conversation} accepted the answer as {Form}; long answers there start in that form for a while")]
    private static partial void LogRecovered(ILogger logger, ConversationKey conversation, ReplyForm form);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No image renderer is available for {Conversation}; skipping the image form")]
    private static partial void LogNoImage(ILogger logger, ConversationKey conversation);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Length} chars of an answer to {Conversation} could not be delivered in any form; sending a notice")]
    private static partial void LogUndelivered(ILogger logger, ConversationKey conversation, int length);
}
