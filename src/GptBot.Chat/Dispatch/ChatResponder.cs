using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;
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
    ChatMetrics metrics,
    IPersonaCatalog personas,
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

    public Task AnswerAsync(IncomingMessage message, string prompt, PromptTurn turn, CancellationToken cancellationToken) =>
        AnswerAsync(message, prompt, ChatSettings.None, turn, cancellationToken);

    /// <param name="chat">The chat's own settings (persona, model, reply mode); <see cref="ChatSettings.None"/> for the global ones.</param>
    public async Task AnswerAsync(IncomingMessage message, string prompt, ChatSettings chat, PromptTurn turn, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Sending is bound to the service's lifetime, not to GPT_TIMEOUT: a long answer keeps arriving after the model is done.
        await using var writer = replyWriters.Create(message, cancellationToken, chat.ReplyMode);
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
            // Every request that got a slot is one sample, a zero wait included: the histogram's count is the requests
            // started, and its low buckets say how often the gate cost nothing.
            var waited = TimeSpan.Zero;
            if (!startSlot.IsCompleted)
            {
                var waitStarted = timeProvider.GetTimestamp();
                await startSlot;
                waited = timeProvider.GetElapsedTime(waitStarted);
            }

            metrics.IntervalWait(waited);

            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            // Still waiting for its turn (or its lane) when a stop's grace period ended: tell the chat, as for an
            // answer cut short, and do not ask the LLM any more.
            metrics.Answer(AnswerOutcome.Aborted);
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
            var request = new AnswerRequest(message.Key, SystemPromptFor(message.Key, chat), ModelFor(message.Key, chat));
            var (answer, backendState) = await StreamAnswerAsync(request, snapshot, userTurn, images, writer, meter, linked.Token);
            if (answer.Length == 0)
            {
                metrics.Answer(AnswerOutcome.Failed);
                await writer.SendNoticeAsync(ChatTexts.EmptyAnswer);
                return;
            }

            // The history keeps a placeholder for each image the model saw, never the bytes.
            var storedUserTurn = shownImages == 0 ? userTurn : userTurn with { Text = PromptImageLoader.StoredText(asked, shownImages) };
            var assistantTurn = new ConversationTurn(TurnRole.Assistant, answer, null, timeProvider.GetUtcNow());
            await StoreExchangeAsync(message.Key, storedUserTurn, assistantTurn, backendState);
            metrics.Answer(AnswerOutcome.Answered);
            LogAnswered(logger, message.Key, answer.Length, writer.SentCount, meter.Reported?.InputTokenCount, meter.Reported?.OutputTokenCount);
        }
        catch (Exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Whatever the client threw once GPT_TIMEOUT fired (a cancellation, an aborted stream), the user was kept
            // waiting too long: that is the seed's 请求超时. Lines already sent stay sent.
            metrics.Answer(AnswerOutcome.Timeout);
            LogTimedOut(logger, message.Key, settings.Timeout.TotalSeconds, writer.SentCount);
            await writer.SendNoticeAsync(ChatTexts.Timeout);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or ChatBackendException)
        {
            // The service is stopping and its grace period is over: say so rather than leave the asker waiting.
            metrics.Answer(AnswerOutcome.Aborted);
            LogAbortedByStop(logger, message.Key);
            await writer.SendNoticeDespiteStopAsync(ChatTexts.ShuttingDown);
        }
        catch (ChatBackendException ex)
        {
            metrics.LlmError(ex.Failure.Kind);
            metrics.Answer(AnswerOutcome.Failed);
            LogBackendFailed(logger, message.Key, ex.Failure.Kind, ex.Failure.ProviderCode ?? "-", ex.Message);
            await writer.SendNoticeAsync(FailureTexts.For(ex.Failure));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.LlmError(ChatFailureKind.Unexpected);
            metrics.Answer(AnswerOutcome.Failed);
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
            metrics.Answer(AnswerOutcome.Aborted);
            LogAbortedByStop(logger, message.Key);
            await writer.SendNoticeDespiteStopAsync(ChatTexts.ShuttingDown);
            return;
        }

        metrics.Answer(AnswerOutcome.Refused);
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
}
