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
    TooLong,
    RateLimited,
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
    ReplySender replySender,
    UserRateLimiter rateLimiter,
    IOptions<ChatServiceOptions> options,
    ILogger<ChatDispatcher> logger) : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private volatile bool _stopping;

    /// <summary>Overridable for tests; decides the GPT_PROBABILITY roll.</summary>
    public Func<double> Dice { get; set; } = Random.Shared.NextDouble;

    /// <summary>After this, new messages are no longer taken (a graceful stop lets the queued ones finish).</summary>
    public void StopAccepting() => _stopping = true;

    /// <summary>
    /// Cancels every answer still running or queued once the stop's grace period is over: each tells its chat
    /// <see cref="ChatTexts.ShuttingDown"/> instead of vanishing.
    /// </summary>
    public void AbortInFlight() => _abort.Cancel();

    public void Dispose() => _abort.Dispose();

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

        if (Refuse(message, prompt, isCommand: command.Name == CommandName.Gpt) is { } refused)
        {
            return refused;
        }

        var abort = _abort.Token;
        if (lanes.TryEnqueue(message.Key, waited => responder.AnswerAsync(message, prompt, waited, abort)))
        {
            return DispatchOutcome.Queued;
        }

        LogQueueFull(logger, message.Key, options.Value.QueueLimit);
        _ = replySender.SendNoticeAsync(new ReplyTarget(message.Key, null), ChatTexts.QueueFull, CancellationToken.None);
        return DispatchOutcome.QueueFull;
    }

    /// <summary>GPT_MAX_PROMPT_LENGTH and GPT_USER_RATE_LIMIT; only an explicit /gpt is told why (a probability roll stays silent).</summary>
    private DispatchOutcome? Refuse(IncomingMessage message, string prompt, bool isCommand)
    {
        if (message.Key.IsGroup)
        {
            var decision = rateLimiter.TryAcquire(message.Key, message.SenderId);
            if (decision != RateDecision.Allowed)
            {
                LogRateLimited(logger, message.SenderId, message.Key, decision == RateDecision.RefuseWithNotice);
                if (isCommand && decision == RateDecision.RefuseWithNotice)
                {
                    _ = replySender.SendNoticeAsync(new ReplyTarget(message.Key, message.MessageId), ChatTexts.RateLimited, CancellationToken.None);
                }

                return DispatchOutcome.RateLimited;
            }
        }

        var max = options.Value.MaxPromptLength;
        if (prompt.Length > max)
        {
            LogTooLong(logger, message.Key, prompt.Length, max);
            if (isCommand)
            {
                _ = replySender.SendNoticeAsync(new ReplyTarget(message.Key, message.MessageId), ChatTexts.PromptTooLong(max), CancellationToken.None);
            }

            return DispatchOutcome.TooLong;
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} in {Conversation} is over GPT_USER_RATE_LIMIT (told: {Told})")]
    private static partial void LogRateLimited(ILogger logger, long userId, ConversationKey conversation, bool told);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a prompt of {Length} chars in {Conversation} (GPT_MAX_PROMPT_LENGTH {Max})")]
    private static partial void LogTooLong(ILogger logger, ConversationKey conversation, int length, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue of {Conversation} is full ({Limit} waiting, GPT_QUEUE_LIMIT); told the user to retry")]
    private static partial void LogQueueFull(ILogger logger, ConversationKey conversation, int limit);
}
