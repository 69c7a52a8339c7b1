using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;
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
    IOptions<ChatServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<ChatResponder> logger)
{
    /// <summary>
    /// Called when the request reaches the front of its conversation's lane: takes its start slot under
    /// GPT_REQUEST_MINIMAL_INTERVAL now, so slots go out in the order requests reach the front. Neither the wait in the
    /// lane nor the slot's wait counts against GPT_TIMEOUT, which is the time for the answer alone. A request that
    /// waited in the lane longer than GPT_QUEUE_TIMEOUT, or whose slot is further off than GPT_INTERVAL_MAX_WAIT (each
    /// when set), gets no slot and is refused.
    /// </summary>
    public PromptTurn TakeTurn(TimeSpan waited, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.QueueTimeout > TimeSpan.Zero && waited > settings.QueueTimeout)
        {
            return PromptTurn.Refused(waited, TurnRefusal.QueueTimeout);
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

        var userTurn = new ConversationTurn(TurnRole.User, prompt, message.Key.IsGroup ? message.SenderName : null, timeProvider.GetUtcNow());
        var shownImages = imageLoader.Shows(message) ? Math.Min(message.Images.Count, PromptImageLoader.MaxImages) : 0;

        // A request that got its slot waits for it and is not dropped any more (GPT_REQUEST_MINIMAL_INTERVAL), and
        // GPT_TIMEOUT starts only once the request may start.
        try
        {
            if (!startSlot.IsCompleted)
            {
                var waitStarted = timeProvider.GetTimestamp();
                await startSlot;
                metrics.IntervalWait(timeProvider.GetElapsedTime(waitStarted));
            }

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
        try
        {
            var snapshot = await LoadUnexpiredAsync(message.Key, linked.Token);
            var images = await imageLoader.LoadAsync(message, linked.Token);
            LogAsking(logger, message.Key, message.SenderId, snapshot.Turns.Count, turn.Waited.TotalSeconds);
            var request = new AnswerRequest(message.Key, SystemPromptFor(message.Key, chat), chat.Model);
            var (answer, backendState, usage) = await StreamAnswerAsync(request, snapshot, userTurn, images, writer, linked.Token);
            if (answer.Length == 0)
            {
                metrics.Answer(AnswerOutcome.Failed);
                await writer.SendNoticeAsync(ChatTexts.EmptyAnswer);
                return;
            }

            // The history keeps a placeholder for each image the model saw, never the bytes.
            var storedUserTurn = shownImages == 0 ? userTurn : userTurn with { Text = PromptImageLoader.StoredText(prompt, shownImages) };
            var assistantTurn = new ConversationTurn(TurnRole.Assistant, answer, null, timeProvider.GetUtcNow());
            await StoreExchangeAsync(message.Key, storedUserTurn, assistantTurn, backendState);
            metrics.Answer(AnswerOutcome.Answered);
            LogAnswered(logger, message.Key, answer.Length, writer.SentCount, usage?.InputTokenCount, usage?.OutputTokenCount);
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

    private async Task<(string Answer, string? BackendState, UsageDetails? Usage)> StreamAnswerAsync(
        AnswerRequest answerRequest, ConversationSnapshot snapshot, ConversationTurn userTurn, IReadOnlyList<FetchedImage?> images, ReplyWriter writer, CancellationToken cancellationToken)
    {
        var key = answerRequest.Key;
        var history = snapshot.Turns;
        var retried = false;
        var maxAnswerTokens = options.Value.MaxAnswerTokens;
        while (true)
        {
            var request = promptBuilder.Build(history, userTurn, images, answerRequest.SystemPrompt);

            // GPT_MAX_ANSWER_TOKENS is both the window's reserve and the cap the provider bills by; zero sends no cap.
            // The chat goes along so the backend's circuit breaker can tell one chat's failures from an outage.
            var chatOptions = new ChatOptions
            {
                ConversationId = snapshot.BackendState,
                ModelId = answerRequest.Model,
                MaxOutputTokens = maxAnswerTokens > 0 ? maxAnswerTokens : null,
                // The chat, not a member's context in it: a failing group is one chat to the breaker, whoever asked.
                AdditionalProperties = new AdditionalPropertiesDictionary { [ChatOptionsProperties.Conversation] = key.Chat.ToString() },
            };
            string? backendState = snapshot.BackendState;
            UsageDetails? usage = null;
            var asked = timeProvider.GetTimestamp();
            var firstText = true;
            try
            {
                await foreach (var update in chatClient.GetStreamingResponseAsync(request, chatOptions, cancellationToken))
                {
                    if (update.ConversationId is { Length: > 0 } conversationId)
                    {
                        backendState = conversationId;
                    }

                    if (update.Text is { Length: > 0 } text)
                    {
                        if (firstText)
                        {
                            firstText = false;
                            metrics.TimeToFirstToken(timeProvider.GetElapsedTime(asked));
                        }

                        writer.Append(text);
                    }

                    usage = UsageOf(update, usage);
                    if (update.FinishReason == ChatFinishReason.Length)
                    {
                        // The answer ran into max_tokens (GPT_MAX_ANSWER_TOKENS): the chat gets it cut off, the operator hears why.
                        LogCutAtMaxTokens(logger, maxAnswerTokens);
                    }
                }

                // The model's part is over here; delivering the rest of the answer is the chat's pace, not the LLM's.
                metrics.LlmDuration(timeProvider.GetElapsedTime(asked));
                metrics.Tokens(usage?.InputTokenCount, usage?.OutputTokenCount);
                await writer.CompleteAsync();
                return (writer.FullText.Trim(), backendState, usage);
            }
            catch (ChatBackendException ex) when (ex.Failure.Kind == ChatFailureKind.ContextTooLong && !retried && writer.FullText.Length == 0 && history.Count > 0)
            {
                // The model refused the context as too long: retry once with the newer half of the history.
                retried = true;
                metrics.LlmError(ex.Failure.Kind);
                history = history.Skip((history.Count / 2) + (history.Count / 2 % 2)).ToArray();
                LogContextTooLong(logger, history.Count);
            }
        }
    }

    /// <summary>
    /// The tokens of the answer, from the usage the backend reported. With tools one answer is several requests, each
    /// with its own usage: they add up.
    /// </summary>
    private static UsageDetails? UsageOf(ChatResponseUpdate update, UsageDetails? sum)
    {
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is UsageContent { Details: var details })
            {
                if (sum is null)
                {
                    sum = new UsageDetails();
                }

                sum.Add(details);
            }
        }

        return sum;
    }
}
