using GptBot.Chat.Model;
using GptBot.Chat.Settings;

namespace GptBot.Chat.Ports;

/// <summary>
/// Tokens spent per chat and per user per day (the day in GPT_TIMEZONE), persisted beside the conversations; the daily
/// budgets (GPT_DAILY_TOKENS_PER_USER, GPT_DAILY_TOKENS_PER_CHAT), <c>/gpt_control usage</c> and the console read it.
/// </summary>
/// <remarks>Reads are on every prompt's path: implementations answer them from memory without I/O.</remarks>
public interface IUsageLedger
{
    /// <summary>Adds one answer's tokens; completes once durable.</summary>
    ValueTask AddAsync(ConversationKey chat, long userId, DateOnly day, TokenUsage usage, CancellationToken cancellationToken);

    /// <summary>The chat's usage on that day and its top <paramref name="topUsers"/> users.</summary>
    ChatUsage ForChat(ConversationKey chat, DateOnly day, int topUsers = 5);

    /// <summary>What the user spent on that day across every chat.</summary>
    TokenUsage ForUser(long userId, DateOnly day);

    /// <summary>Every chat's usage on that day, largest first, for the console.</summary>
    IReadOnlyList<ChatUsage> ForDay(DateOnly day, int topUsers = 5);
}
