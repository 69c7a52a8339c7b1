using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GptBot.Chat.Dispatch;

/// <summary>The answer's stream: its text to the chat (without a reasoning model's thoughts, unless shown), and its tokens to the ledger.</summary>
public sealed partial class ChatResponder
{
    private async Task<(string Answer, string? BackendState)> StreamAnswerAsync(
        AnswerRequest answerRequest, ConversationSnapshot snapshot, ConversationTurn userTurn, IReadOnlyList<FetchedImage?> images, ReplyWriter writer, AnswerMeter meter, CancellationToken cancellationToken)
    {
        var history = snapshot.Turns;
        var retried = false;
        var maxAnswerTokens = options.Value.MaxAnswerTokens;
        while (true)
        {
            var request = promptBuilder.Build(history, userTurn, images, answerRequest.SystemPrompt);
            meter.Request = request;

            // GPT_MAX_ANSWER_TOKENS is both the window's reserve and the cap the provider bills by; zero sends no cap.
            // The chat goes along so the backend's circuit breaker can tell one chat's failures from an outage: the
            // chat, not a member's context in it, so a failing group is one chat to the breaker, whoever asked.
            var chatOptions = new ChatOptions
            {
                ConversationId = snapshot.BackendState,
                ModelId = answerRequest.Model,
                MaxOutputTokens = maxAnswerTokens > 0 ? maxAnswerTokens : null,
                AdditionalProperties = new AdditionalPropertiesDictionary { [ChatOptionsProperties.Conversation] = answerRequest.Key.Chat.ToString() },
            };
            string? backendState = snapshot.BackendState;
            var thoughts = new ThoughtFilter(options.Value.ShowReasoning);
            var asked = timeProvider.GetTimestamp();
            var firstToken = true;
            try
            {
                await foreach (var update in chatClient.GetStreamingResponseAsync(request, chatOptions, cancellationToken))
                {
                    meter.Answered = true;
                    if (update.ConversationId is { Length: > 0 } conversationId)
                    {
                        backendState = conversationId;
                    }

                    if (ReadContents(update, thoughts, writer, meter) && firstToken)
                    {
                        // Thoughts count: the model has started answering, whether or not the chat sees them.
                        firstToken = false;
                        metrics.TimeToFirstToken(timeProvider.GetElapsedTime(asked));
                    }

                    if (update.FinishReason == ChatFinishReason.Length)
                    {
                        // The answer ran into max_tokens (GPT_MAX_ANSWER_TOKENS): the chat gets it cut off, the operator hears why.
                        LogCutAtMaxTokens(logger, maxAnswerTokens);
                    }
                }

                // The model's part is over here; delivering the rest of the answer is the chat's pace, not the LLM's.
                metrics.LlmDuration(timeProvider.GetElapsedTime(asked));
                metrics.Tokens(meter.Reported?.InputTokenCount, meter.Reported?.OutputTokenCount);
                Append(writer, thoughts.Complete());
                await writer.CompleteAsync();
                return (thoughts.Answer(writer.FullText).Trim(), backendState);
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
    /// The update's text and thoughts go through the filter to the chat; its usage is added up (with tools one answer
    /// is several requests, each with its own usage).
    /// </summary>
    /// <returns>Whether the update carried any text or thoughts.</returns>
    private static bool ReadContents(ChatResponseUpdate update, ThoughtFilter thoughts, ReplyWriter writer, AnswerMeter meter)
    {
        var wrote = false;
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            switch (contents[i])
            {
                case TextContent { Text: { Length: > 0 } text }:
                    Append(writer, thoughts.Content(text));
                    wrote = true;
                    break;
                case TextReasoningContent { Text: { Length: > 0 } reasoning }:
                    Append(writer, thoughts.Reasoning(reasoning));
                    wrote = true;
                    break;
                case UsageContent { Details: var details }:
                    (meter.Reported ??= new UsageDetails()).Add(details);
                    break;
            }
        }

        return wrote;
    }

    private static void Append(ReplyWriter writer, string text)
    {
        if (text.Length > 0)
        {
            writer.Append(text);
        }
    }

    /// <summary>
    /// Counts the answer's tokens once the model began answering (a request refused outright costs nothing): as the
    /// backend reported them, else the request as sent and the text the chat got, by the tokenizer.
    /// </summary>
    private Task RecordUsageAsync(IncomingMessage message, AnswerMeter meter, string received)
    {
        if (!meter.Answered || meter.Request is not { } request)
        {
            return Task.CompletedTask;
        }

        var usage = TokenBudget.Measure(meter.Reported, () => promptBuilder.CountTokens(request), () => promptBuilder.CountTokens(received));
        return budget.RecordAsync(message, usage);
    }

    /// <summary>Today's tokens are spent: the asker hears why once a minute, and no request is made until tomorrow.</summary>
    private async Task RefuseOverBudgetAsync(IncomingMessage message, TurnRefusal refusal, ReplyWriter writer)
    {
        var told = refusalNotices.ShouldTell(message.Key, message.SenderId, RefusalKind.BudgetSpent);
        LogOverBudget(logger, message.Key, message.SenderId, refusal == TurnRefusal.UserBudgetSpent ? "GPT_DAILY_TOKENS_PER_USER" : "GPT_DAILY_TOKENS_PER_CHAT", told);
        if (told)
        {
            await writer.SendNoticeAsync(refusal switch
            {
                TurnRefusal.UserBudgetSpent => ChatTexts.UserBudgetSpent,
                _ when message.Key.IsGroup => ChatTexts.GroupBudgetSpent,
                _ => ChatTexts.PrivateBudgetSpent,
            });
        }
    }

    /// <summary>What one answer cost, gathered while it streams so a cut-short answer is counted too.</summary>
    private sealed class AnswerMeter
    {
        /// <summary>The last request sent (a retry with a shorter history replaces the first).</summary>
        public IReadOnlyList<ChatMessage>? Request { get; set; }

        /// <summary>Whether anything of an answer arrived: only then was the request billed.</summary>
        public bool Answered { get; set; }

        /// <summary>The usage the backend reported, summed over its requests; null when it reported none.</summary>
        public UsageDetails? Reported { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request in {Conversation} from {UserId} refused: today's tokens are spent ({Setting}; told: {Told})")]
    private static partial void LogOverBudget(ILogger logger, ConversationKey conversation, long userId, string setting, bool told);
}
