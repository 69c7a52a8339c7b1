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
    public ReplyWriter Create(IncomingMessage message, CancellationToken deliveryToken)
    {
        var settings = options.Value;
        return new ReplyWriter(ReplyTarget.For(message, settings), cascade, sender, policy, pacer, settings, timeProvider, logger, deliveryToken);
    }
}
