using GptBot.Chat.Commands;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Dispatch;

/// <summary>What became of an incoming message.</summary>
public enum DispatchOutcome
{
    Ignored,
    Queued,
    Control,
    QueueFull,
    Stopping,
}

/// <summary>
/// Decides what a message is (a /gpt prompt, a /gpt_control action, an ordinary message that wins the
/// GPT_PROBABILITY roll, or nothing) and queues the work on the conversation's lane. Never blocks the caller.
/// </summary>
public sealed partial class ChatDispatcher(
    CommandMatcher commandMatcher,
    ConversationLanes lanes,
    ChatResponder responder,
    ControlCommandHandler control,
    IReplySender replySender,
    IOptions<ChatServiceOptions> options,
    ILogger<ChatDispatcher> logger)
{
    private volatile bool _stopping;

    /// <summary>Overridable for tests; decides the GPT_PROBABILITY roll.</summary>
    public Func<double> Dice { get; set; } = Random.Shared.NextDouble;

    /// <summary>After this, new messages are no longer taken (a graceful stop lets the queued ones finish).</summary>
    public void StopAccepting() => _stopping = true;

    public ConversationLanes Lanes => lanes;

    public DispatchOutcome Dispatch(IncomingMessage message)
    {
        var command = message.StartsWithText ? commandMatcher.Match(message.Text) : default;
        string prompt;
        switch (command.Name)
        {
            case CommandName.GptControl:
                if (_stopping)
                {
                    return DispatchOutcome.Stopping;
                }

                lanes.TryEnqueue(message.Key, _ => control.HandleAsync(message, command.Argument, CancellationToken.None), bypassLimit: true);
                return DispatchOutcome.Control;
            case CommandName.Gpt:
                prompt = command.Argument;
                break;
            default:
                // The probability path answers the whole text (the seed's later versions dropped the first word; not here).
                var probability = options.Value.Probability;
                if (probability <= 0 || !(Dice() < probability))
                {
                    return DispatchOutcome.Ignored;
                }

                prompt = message.Text.Trim();
                break;
        }

        if (prompt.Length == 0)
        {
            return DispatchOutcome.Ignored;
        }

        if (_stopping)
        {
            return DispatchOutcome.Stopping;
        }

        if (lanes.TryEnqueue(message.Key, waited => responder.AnswerAsync(message, prompt, waited, CancellationToken.None)))
        {
            return DispatchOutcome.Queued;
        }

        LogQueueFull(logger, message.Key, options.Value.QueueLimit);
        _ = replySender.SendAsync(message.Key, OutgoingReply.FromText(ChatTexts.QueueFull), CancellationToken.None);
        return DispatchOutcome.QueueFull;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue of {Conversation} is full ({Limit} waiting, GPT_QUEUE_LIMIT); told the user to retry")]
    private static partial void LogQueueFull(ILogger logger, ConversationKey conversation, int limit);
}
