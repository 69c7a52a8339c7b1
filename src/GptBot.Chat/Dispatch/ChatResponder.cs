using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Dispatch;

/// <summary>
/// Answers one prompt in one conversation: waits for the global interval, sends the conversation's history and the
/// prompt to the LLM, streams the answer to the chat, and stores the exchange once it is complete.
/// </summary>
public sealed partial class ChatResponder(
    IChatClient chatClient,
    IConversationStore store,
    ReplyWriterFactory replyWriters,
    RequestIntervalGate intervalGate,
    RefusalNotices refusalNotices,
    PromptBuilder promptBuilder,
    PromptImageLoader imageLoader,
    TokenBudget budget,
    IOptions<ChatServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<ChatResponder> logger)
{
    /// <summary>
    /// Called when the request reaches the front of its conversation's lane: takes its start slot under
    /// GPT_REQUEST_MINIMAL_INTERVAL now, so slots go out in the order requests reach the front. Neither the wait in the
    /// lane nor the slot's wait counts against GPT_TIMEOUT, which is the time for the answer alone. A request that
    /// waited in the lane longer than GPT_QUEUE_TIMEOUT, or whose slot is further off than GPT_INTERVAL_MAX_WAIT (each
    /// when set), gets no slot and is refused. So is one whose sender or chat spent today's tokens: it is checked here,
    /// after the chat's earlier answers were counted, and takes no slot another chat could use.
    /// </summary>
    public PromptTurn TakeTurn(IncomingMessage message, TimeSpan waited, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.QueueTimeout > TimeSpan.Zero && waited > settings.QueueTimeout)
        {
            return PromptTurn.Refused(waited, TurnRefusal.QueueTimeout);
        }

        switch (budget.Check(message))
        {
            case BudgetVerdict.UserSpent:
                return PromptTurn.Refused(waited, TurnRefusal.UserBudgetSpent);
            case BudgetVerdict.ChatSpent:
                return PromptTurn.Refused(waited, TurnRefusal.ChatBudgetSpent);
        }

        return intervalGate.TryTakeTurn(settings.IntervalMaxWait, cancellationToken) is { } startSlot
            ? PromptTurn.Granted(waited, startSlot)
            : PromptTurn.Refused(waited, TurnRefusal.IntervalBacklog);
    }

    public async Task AnswerAsync(IncomingMessage message, string prompt, PromptTurn turn, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Sending is bound to the service's lifetime, not to GPT_TIMEOUT: a long answer keeps arriving after the model is done.
        await using var writer = replyWriters.Create(message, cancellationToken);
        if (turn.StartSlot is not { } startSlot)
        {
            await RefuseAsync(message, turn, writer, cancellationToken);
            return;
        }

        // The quotation is part of what the user asked: the model reads it, and the history keeps it for later turns.
        var asked = QuotedPrompt.Compose(prompt, message.QuotedText);
        var userTurn = new ConversationTurn(TurnRole.User, asked, message.Key.IsGroup ? message.SenderName : null, timeProvider.GetUtcNow());
        var shownImages = imageLoader.Shows(message) ? Math.Min(message.Images.Count, PromptImageLoader.MaxImages) : 0;

        // A request that got its slot waits for it and is not dropped any more (GPT_REQUEST_MINIMAL_INTERVAL), and
        // GPT_TIMEOUT starts only once the request may start.
        try
        {
            await startSlot;
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            // Still waiting for its turn (or its lane) when a stop's grace period ended: tell the chat, as for an
            // answer cut short, and do not ask the LLM any more.
            LogAbortedByStop(logger, message.Key);
            await writer.SendNoticeDespiteStopAsync(ChatTexts.ShuttingDown);
            return;
        }

        using var timeout = new CancellationTokenSource(settings.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var meter = new AnswerMeter();
        try
        {
            var snapshot = await LoadUnexpiredAsync(message.Key, linked.Token);
            var images = await imageLoader.LoadAsync(message, linked.Token);
            LogAsking(logger, message.Key, message.SenderId, snapshot.Turns.Count, turn.Waited.TotalSeconds);
            var (answer, backendState) = await StreamAnswerAsync(message.Key, snapshot, userTurn, images, writer, meter, linked.Token);
            if (answer.Length == 0)
            {
                await writer.SendNoticeAsync(ChatTexts.EmptyAnswer);
                return;
            }

            // The history keeps a placeholder for each image the model saw, never the bytes.
            var storedUserTurn = shownImages == 0 ? userTurn : userTurn with { Text = PromptImageLoader.StoredText(asked, shownImages) };
            var assistantTurn = new ConversationTurn(TurnRole.Assistant, answer, null, timeProvider.GetUtcNow());
            await StoreExchangeAsync(message.Key, storedUserTurn, assistantTurn, backendState);
            LogAnswered(logger, message.Key, answer.Length, writer.SentCount, meter.Reported?.InputTokenCount, meter.Reported?.OutputTokenCount);
        }
        catch (Exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Whatever the client threw once GPT_TIMEOUT fired (a cancellation, an aborted stream), the user was kept
            // waiting too long: that is the seed's 请求超时. Lines already sent stay sent.
            LogTimedOut(logger, message.Key, settings.Timeout.TotalSeconds, writer.SentCount);
            await writer.SendNoticeAsync(ChatTexts.Timeout);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or ChatBackendException)
        {
            // The service is stopping and its grace period is over: say so rather than leave the asker waiting.
            LogAbortedByStop(logger, message.Key);
            await writer.SendNoticeDespiteStopAsync(ChatTexts.ShuttingDown);
        }
        catch (ChatBackendException ex)
        {
            LogBackendFailed(logger, message.Key, ex.Failure.Kind, ex.Failure.ProviderCode ?? "-", ex.Message);
            await writer.SendNoticeAsync(FailureTexts.For(ex.Failure));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUnexpected(logger, message.Key, ex);
            await writer.SendNoticeAsync(ChatTexts.UnexpectedFailure);
        }
        finally
        {
            // An answer cut short by GPT_TIMEOUT, a stop or a failure was paid for as far as it went.
            await RecordUsageAsync(message, meter, writer.FullText);
        }
    }

    /// <summary>Tells the asker why a request that got no turn is not answered.</summary>
    private async Task RefuseAsync(IncomingMessage message, PromptTurn turn, ReplyWriter writer, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // Reached the front after a stop's grace period ended: it would not have been answered either way.
            LogAbortedByStop(logger, message.Key);
            await writer.SendNoticeDespiteStopAsync(ChatTexts.ShuttingDown);
            return;
        }

        if (turn.Refusal == TurnRefusal.QueueTimeout)
        {
            // It waited behind earlier requests of its own chat for longer than GPT_QUEUE_TIMEOUT: say so rather than
            // answer late.
            LogQueueTimedOut(logger, message.Key, turn.Waited.TotalSeconds);
            await writer.SendNoticeAsync(ChatTexts.QueueTimeout);
            return;
        }

        if (turn.Refusal is TurnRefusal.UserBudgetSpent or TurnRefusal.ChatBudgetSpent)
        {
            await RefuseOverBudgetAsync(message, turn.Refusal, writer);
            return;
        }

        // The whole bot is busy, not this chat: the asker is told once a minute, like the dispatcher's refusals.
        var maxWait = options.Value.IntervalMaxWait;
        var told = refusalNotices.ShouldTell(message.Key, message.SenderId, RefusalKind.IntervalBacklog);
        LogIntervalBacklog(logger, message.Key, maxWait.TotalSeconds, told);
        if (told)
        {
            await writer.SendNoticeAsync(ChatTexts.IntervalBacklog(maxWait));
        }
    }

    private async Task StoreExchangeAsync(ConversationKey key, ConversationTurn user, ConversationTurn assistant, string? backendState)
    {
        try
        {
            await store.AppendExchangeAsync(key, user, assistant, backendState, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The answer is already in the chat, so "request failed" would be wrong there; the operator must hear of it.
            LogNotStored(logger, key, ex);
        }
    }

    /// <summary>
    /// The conversation as stored, unless it has been idle for GPT_CONTEXT_EXPIRE_MINUTES: then it is forgotten here,
    /// exactly on time, rather than whenever the periodic sweep next runs.
    /// </summary>
    private async ValueTask<ConversationSnapshot> LoadUnexpiredAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(key, cancellationToken);
        var expiry = options.Value.ContextExpiry;
        if (expiry > TimeSpan.Zero && snapshot.LastActivity is { } last && timeProvider.GetUtcNow() - last >= expiry)
        {
            await store.ResetAsync(key, cancellationToken);
            LogExpired(logger, key, expiry.TotalMinutes);
            return ConversationSnapshot.Empty;
        }

        return snapshot;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Asking the LLM for {Conversation} (from {SenderId}, {Turns} earlier turns, queued {Waited:0.0} s)")]
    private static partial void LogAsking(ILogger logger, ConversationKey conversation, long senderId, int turns, double waited);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered {Conversation}: {Length} chars in {Messages} messages; tokens in {InputTokens}, out {OutputTokens}")]
    private static partial void LogAnswered(ILogger logger, ConversationKey conversation, int length, int messages, long? inputTokens, long? outputTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No complete answer for {Conversation} within {Seconds} s (GPT_TIMEOUT); {Sent} lines had been sent")]
    private static partial void LogTimedOut(ILogger logger, ConversationKey conversation, double seconds, int sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request in {Conversation} waited {Waited:0.0} s behind earlier ones of its chat (more than GPT_QUEUE_TIMEOUT); told the user to resend")]
    private static partial void LogQueueTimedOut(ILogger logger, ConversationKey conversation, double waited);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request in {Conversation} refused: its turn under GPT_REQUEST_MINIMAL_INTERVAL is more than {MaxWait} s off (GPT_INTERVAL_MAX_WAIT; told: {Told})")]
    private static partial void LogIntervalBacklog(ILogger logger, ConversationKey conversation, double maxWait, bool told);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer for {Conversation} cut short by the service stopping (GPT_SHUTDOWN_GRACE_SECONDS passed); told the chat")]
    private static partial void LogAbortedByStop(ILogger logger, ConversationKey conversation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM request for {Conversation} failed ({Kind}, provider code {ProviderCode}): {Detail}")]
    private static partial void LogBackendFailed(ILogger logger, ConversationKey conversation, ChatFailureKind kind, string providerCode, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure answering {Conversation}")]
    private static partial void LogUnexpected(ILogger logger, ConversationKey conversation, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The answer in {Conversation} was sent but could not be stored; the chat will not remember this exchange")]
    private static partial void LogNotStored(ILogger logger, ConversationKey conversation, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Context of {Conversation} expired after {Minutes} idle minutes (GPT_CONTEXT_EXPIRE_MINUTES)")]
    private static partial void LogExpired(ILogger logger, ConversationKey conversation, double minutes);
}
