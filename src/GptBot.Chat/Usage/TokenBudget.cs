using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Usage;

/// <summary>Whether a prompt may still cost tokens today.</summary>
public enum BudgetVerdict
{
    Open,

    /// <summary>The sender spent GPT_DAILY_TOKENS_PER_USER today, across every chat.</summary>
    UserSpent,

    /// <summary>The chat spent GPT_DAILY_TOKENS_PER_CHAT today.</summary>
    ChatSpent,
}

/// <summary>
/// The daily token budgets (GPT_DAILY_TOKENS_PER_USER, GPT_DAILY_TOKENS_PER_CHAT) and the record they are checked
/// against: each answer's tokens go to the <see cref="IUsageLedger"/> under the day it ended on in GPT_TIMEZONE. A check
/// reads memory only, and with neither budget set it reads nothing at all.
/// </summary>
/// <remarks>
/// The check is made before a request, the record after its answer: answers running side by side for one member in
/// several chats may each pass the check and together overshoot the budget by their own size. Nothing is cut short.
/// </remarks>
public sealed partial class TokenBudget(
    IUsageLedger ledger,
    IOptions<ChatServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<TokenBudget> logger)
{
    /// <summary>Today in GPT_TIMEZONE: the day usage is counted on and budgets renew with.</summary>
    public DateOnly Today() => DayOf(timeProvider.GetUtcNow(), options.Value.TimeZone);

    /// <summary>The date it is in <paramref name="zone"/> at <paramref name="now"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>The chat a conversation's usage counts for: a group as a whole, whoever's context the message joins.</summary>
    public static ConversationKey ChatOf(ConversationKey conversation) => conversation.Chat;

    /// <summary>Whether the sender and the chat may still spend tokens today.</summary>
    public BudgetVerdict Check(IncomingMessage message)
    {
        var settings = options.Value;
        if (settings.DailyTokensPerChat <= 0 && settings.DailyTokensPerUser <= 0)
        {
            return BudgetVerdict.Open;
        }

        var today = Today();
        if (settings.DailyTokensPerChat > 0 && ledger.ForChat(ChatOf(message.Key), today, topUsers: 0).Usage.Total >= settings.DailyTokensPerChat)
        {
            return BudgetVerdict.ChatSpent;
        }

        return settings.DailyTokensPerUser > 0 && ledger.ForUser(message.SenderId, today).Total >= settings.DailyTokensPerUser
            ? BudgetVerdict.UserSpent
            : BudgetVerdict.Open;
    }

    /// <summary>
    /// One answer's tokens: as the API reported them, or (for a backend that reports none) as the tokenizer counts the
    /// request and the answer. Each side the report leaves out is counted.
    /// </summary>
    public static TokenUsage Measure(UsageDetails? reported, Func<int> countInput, Func<int> countOutput)
    {
        if (reported is { InputTokenCount: null, OutputTokenCount: null, TotalTokenCount: { } total })
        {
            return new TokenUsage(0, total);
        }

        return new TokenUsage(reported?.InputTokenCount ?? countInput(), reported?.OutputTokenCount ?? countOutput());
    }

    /// <summary>Adds the answer's tokens to today's; a failure is logged, never shown: the answer is in the chat already.</summary>
    public async Task RecordAsync(IncomingMessage message, TokenUsage usage)
    {
        if (usage.Total <= 0)
        {
            return;
        }

        try
        {
            await ledger.AddAsync(ChatOf(message.Key), message.SenderId, Today(), usage, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogNotRecorded(logger, message.Key, usage.Total, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Tokens} tokens of an answer in {Conversation} could not be recorded; today's usage there reads low")]
    private static partial void LogNotRecorded(ILogger logger, ConversationKey conversation, long tokens, Exception exception);
}
