using GptBot.Chat.Model;

namespace GptBot.Chat.Settings;

/// <summary>Tokens spent on one day, as the API reported them (or, where it reports none, as the tokenizer counted).</summary>
public readonly record struct TokenUsage(long InputTokens, long OutputTokens)
{
    public long Total => InputTokens + OutputTokens;

    public static TokenUsage operator +(TokenUsage left, TokenUsage right) =>
        new(left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens);
}

/// <summary>One chat's usage on one day, and its members' (largest first).</summary>
public sealed record ChatUsage(ConversationKey Chat, DateOnly Day, TokenUsage Usage, IReadOnlyList<UserUsage> TopUsers);

/// <summary>One user's usage on one day in one chat.</summary>
public readonly record struct UserUsage(long UserId, TokenUsage Usage);
