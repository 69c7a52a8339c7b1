using GptBot.Chat.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Replies;

/// <summary>Creates the <see cref="ReplyWriter"/> for one answer, with the quote and the send path that apply to it.</summary>
public sealed class ReplyWriterFactory(
    ReplyCascade cascade,
    ReplySender sender,
    ReplyFormPolicy policy,
    ReplyPacer pacer,
    IOptions<ReplyOptions> options,
    TimeProvider timeProvider,
    ILogger<ReplyWriter> logger)
{
    /// <param name="message">The message being answered.</param>
    /// <param name="deliveryToken">Stops delivery (service shutdown); deliberately not the LLM's GPT_TIMEOUT.</param>
    /// <param name="mode">The chat's own reply mode; null for GPT_REPLY_MODE.</param>
    public ReplyWriter Create(IncomingMessage message, CancellationToken deliveryToken, ReplyMode? mode = null)
    {
        var settings = options.Value;
        var target = ReplyTarget.For(message, settings);
        target.Mode = mode;
        return new ReplyWriter(target, cascade, sender, policy, pacer, settings, timeProvider, logger, deliveryToken);
    }
}
