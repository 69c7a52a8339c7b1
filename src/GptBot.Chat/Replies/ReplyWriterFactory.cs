using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Replies;

/// <summary>Creates the <see cref="AnswerWriter"/> for one answer, with the mode, quote and chat memory that apply to it.</summary>
public sealed class AnswerWriterFactory(
    ReplyCascade cascade,
    ChatSendPacer pacer,
    DeliveryMemory memory,
    IOptions<ReplyOptions> options,
    TimeProvider timeProvider,
    ILogger<AnswerWriter> logger)
{
    /// <param name="message">The message being answered.</param>
    /// <param name="deliveryToken">Stops delivery (service shutdown); deliberately not the LLM's GPT_TIMEOUT.</param>
    public AnswerWriter Create(IncomingMessage message, CancellationToken deliveryToken)
    {
        var settings = options.Value;
        var quote = settings.QuoteInGroups && message.Key.IsGroup && message.MessageId != 0 ? message.MessageId : (long?)null;

        // A chat where text failed lately gets whole answers, so a long one can start in the form that worked there.
        var streaming = settings.Mode == ReplyMode.Stream && memory.Recall(message.Key) is null or ReplyForm.Text;
        return new AnswerWriter(new AnswerTarget(message.Key, quote), cascade, pacer, settings, streaming, timeProvider, logger, deliveryToken);
    }
}
