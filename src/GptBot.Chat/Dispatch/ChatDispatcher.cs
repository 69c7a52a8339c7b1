using GptBot.Chat.Commands;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Dispatch;

/// <summary>What became of an incoming message.</summary>
internal enum DispatchOutcome
{
    Ignored,
    Queued,
    Control,

    /// <summary>A /gpt_control its sender may not use: refused here, never queued.</summary>
    NoPermission,

    /// <summary>A /gpt or an ordinary message in a chat switched off with /gpt_control off.</summary>
    Disabled,

    /// <summary>From a blocked user (GPT_BLOCKED_USERS, /gpt_control block): ignored in every chat.</summary>
    Blocked,

    /// <summary>In a group outside GPT_ALLOWED_GROUPS, or a private chat with GPT_PRIVATE_CHAT=false.</summary>
    NotServed,
    QueueFull,
    TooLong,
    RateLimited,
}

/// <summary>
/// The single reader of the <see cref="ChatInbox"/>: takes messages in arrival order and decides what each is (a /gpt
/// prompt, a /gpt_control action, an ordinary message that wins the GPT_PROBABILITY roll, or nothing), then queues the
/// work on the conversation's lane or refuses it with a notice. Deciding never waits, so one slow chat never holds up
/// the others. The refusal notices it sends are its own: its run ends only once they are out.
/// </summary>
public sealed partial class ChatDispatcher(
    ChatInbox inbox,
    CommandMatcher commandMatcher,
    ConversationLanes lanes,
    ChatResponder responder,
    ControlCommandHandler control,
    IChatSettingsStore settingsStore,
    ReplySender replySender,
    RefusalNotices refusalNotices,
    UserRateLimiter rateLimiter,
    ChatMetrics metrics,
    IOptions<ChatServiceOptions> options,
    IOptions<ReplyOptions> replyOptions,
    TimeProvider timeProvider,
    ILogger<ChatDispatcher> logger) : BackgroundService
{
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _notices = [];

    public ConversationLanes Lanes => lanes;

    /// <summary>
    /// Graceful stop, first step: the inbox takes no new messages, and this completes once the messages already in it
    /// have been dispatched and the refusal notices sent. The lanes may still be answering.
    /// </summary>
    public async Task StopTakingAsync(CancellationToken cancellationToken)
    {
        inbox.Complete();
        if (ExecuteTask is { } reading)
        {
            await reading.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Cancels every answer still running or queued once the stop's grace period is over: each tells its chat
    /// <see cref="ChatTexts.ShuttingDown"/> instead of vanishing.
    /// </summary>
    public void AbortInFlight() => _abort.Cancel();

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    /// <summary>Decides what one message is and acts on it; the inbox's reader calls this for each message in turn.</summary>
    internal DispatchOutcome Dispatch(IncomingMessage message)
    {
        var command = message.StartsWithText ? commandMatcher.Match(message.Text, message.LeadingTextLength) : default;
        if (Unserved(message, command.Name) is { } unserved)
        {
            return unserved;
        }

        // A chat nobody configured has no entry: this one read is all that per-chat settings cost it.
        var chat = settingsStore.Get(message.Key);
        if (chat.Scope is { } scope ? scope == ContextScope.Member : options.Value.ContextScope == ContextScope.Member)
        {
            // From here on the member's own context is the conversation: its lane, rate limit, history, expiry and reset.
            message = message.Key.IsGroup ? message with { Key = message.Key.ForMember(message.SenderId) } : message;
        }

        string prompt;
        var asked = command.Name == CommandName.Gpt;
        switch (command.Name)
        {
            case CommandName.GptControl:
                var action = ControlCommand.Parse(command.Argument);
                if (!control.IsPermitted(message, action))
                {
                    // Refused here, not on the lane: a stranger's flood of control commands must not queue in front of
                    // the chat's prompts, and is told once a minute, not once per command.
                    LogNoPermission(logger, message.SenderId, message.Key, Notify(message, RefusalKind.NoPermission, ChatTexts.NoPermission));
                    return DispatchOutcome.NoPermission;
                }

                lanes.TryEnqueue(message.Key, new ControlWork(control, message, action), bypassLimit: true);
                return DispatchOutcome.Control;
            case CommandName.Gpt:
                if (chat.Enabled == false)
                {
                    return DispatchOutcome.Disabled;
                }

                prompt = command.Argument;
                break;
            case CommandName.None when options.Value.AtTrigger && message.ToMe:
                // GPT_AT_TRIGGER: a message addressed to the bot asks it as /gpt would, the whole text being the prompt.
                // A command is matched above, so "@bot /gpt hi" is one /gpt and answered once.
                if (chat.Enabled == false)
                {
                    return DispatchOutcome.Disabled;
                }

                prompt = message.Text.Trim();
                asked = true;
                break;
            default:
                // The probability path answers the whole text (the seed's later versions dropped the first word; not here).
                var probability = chat.Probability ?? options.Value.Probability;
                if (probability <= 0 || chat.Enabled == false || !(Random.Shared.NextDouble() < probability))
                {
                    return DispatchOutcome.Ignored;
                }

                prompt = message.Text.Trim();
                break;
        }

        // "/gpt" with nothing after it (or a bare @bot) is ignored, as in the seed, unless it shows the model an image
        // (GPT_VISION). The probability path never answers a message without text: a bare picture is not a question to the bot.
        if (prompt.Length == 0 && !(asked && options.Value.Vision && message.Images.Count > 0))
        {
            return DispatchOutcome.Ignored;
        }

        if (Refuse(message, prompt, isCommand: asked) is { } refused)
        {
            return refused;
        }

        if (lanes.TryEnqueue(message.Key, new PromptWork(responder, message, prompt, chat, _abort.Token)))
        {
            return DispatchOutcome.Queued;
        }

        metrics.Answer(AnswerOutcome.Refused);
        LogQueueFull(logger, message.Key, options.Value.QueueLimit, Notify(message, RefusalKind.QueueFull, ChatTexts.QueueFull));
        return DispatchOutcome.QueueFull;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = inbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (reader.TryRead(out var message))
                {
                    DispatchOne(message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stopped without a graceful stop (which completes the inbox first): what is left stays undispatched.
        }

        Task[] notices;
        lock (_notices)
        {
            notices = [.. _notices];
        }

        await Task.WhenAll(notices);
    }

    private void DispatchOne(IncomingMessage message)
    {
        try
        {
            var outcome = Dispatch(message);
            LogDispatched(logger, message.Key, message.MessageId, outcome);
        }
        catch (Exception ex)
        {
            // One message must never end the reader: every later message of every chat would go unanswered.
            LogDispatchFailed(logger, message.Key, message.MessageId, ex);
        }
    }

    /// <summary>GPT_MAX_PROMPT_LENGTH and GPT_USER_RATE_LIMIT; only an explicit ask (/gpt, or GPT_AT_TRIGGER's @bot) is told why (a probability roll stays silent).</summary>
    private DispatchOutcome? Refuse(IncomingMessage message, string prompt, bool isCommand)
    {
        // Private chats too: a private flood costs the same LLM calls and sends as a group one.
        if (!rateLimiter.TryAcquire(message.Key, message.SenderId))
        {
            metrics.Answer(AnswerOutcome.Refused);
            LogRateLimited(logger, message.SenderId, message.Key, isCommand && Notify(message, RefusalKind.RateLimited, ChatTexts.RateLimited));
            return DispatchOutcome.RateLimited;
        }

        var max = options.Value.MaxPromptLength;
        if (prompt.Length > max)
        {
            metrics.Answer(AnswerOutcome.Refused);
            LogTooLong(logger, message.Key, prompt.Length, max, isCommand && Notify(message, RefusalKind.TooLong, ChatTexts.PromptTooLong(max)));
            return DispatchOutcome.TooLong;
        }

        return null;
    }

    /// <summary>
    /// Tells the sender of <paramref name="message"/> why it was refused, unless they were told of this kind within the
    /// minute; false when the refusal stays silent. The notice takes the same paced path as answers, without holding
    /// up the next message.
    /// </summary>
    private bool Notify(IncomingMessage message, RefusalKind kind, string text)
    {
        if (!refusalNotices.ShouldTell(message.Key, message.SenderId, kind))
        {
            return false;
        }

        var notice = NotifyAsync(ReplyTarget.For(message, replyOptions.Value), text);
        if (notice.IsCompleted)
        {
            return true;
        }

        lock (_notices)
        {
            _notices.RemoveAll(static sent => sent.IsCompleted);
            _notices.Add(notice);
        }

        return true;
    }

    private async Task NotifyAsync(ReplyTarget target, string text)
    {
        try
        {
            await replySender.SendNoticeAsync(target, text, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogNoticeFailed(logger, target.Key, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} in {Conversation}: {Outcome}")]
    private static partial void LogDispatched(ILogger logger, ConversationKey conversation, long messageId, DispatchOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} in {Conversation} could not be dispatched; it goes unanswered")]
    private static partial void LogDispatchFailed(ILogger logger, ConversationKey conversation, long messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A refusal notice to {Conversation} failed")]
    private static partial void LogNoticeFailed(ILogger logger, ConversationKey conversation, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} may not use this /gpt_control; refused in {Conversation} (told: {Told})")]
    private static partial void LogNoPermission(ILogger logger, long userId, ConversationKey conversation, bool told);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} in {Conversation} is over GPT_USER_RATE_LIMIT (told: {Told})")]
    private static partial void LogRateLimited(ILogger logger, long userId, ConversationKey conversation, bool told);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a prompt of {Length} chars in {Conversation} (GPT_MAX_PROMPT_LENGTH {Max}; told: {Told})")]
    private static partial void LogTooLong(ILogger logger, ConversationKey conversation, int length, int max, bool told);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue of {Conversation} is full ({Limit} waiting, GPT_QUEUE_LIMIT); refused a request (told: {Told})")]
    private static partial void LogQueueFull(ILogger logger, ConversationKey conversation, int limit, bool told);
}
