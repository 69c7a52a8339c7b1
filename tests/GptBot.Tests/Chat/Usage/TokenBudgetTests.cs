using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Chat.Settings;
using GptBot.Chat.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Usage;

/// <summary>The daily budgets: spent is refused, a new day in GPT_TIMEZONE opens them again.</summary>
[Trait("Category", "Unit")]
public sealed class TokenBudgetTests
{
    private static readonly ConversationKey Group = ConversationKey.Group(10001, 20002);
    private static readonly ConversationKey OtherGroup = ConversationKey.Group(10001, 20003);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // 23:00 in Shanghai on 7 December: the day ends in an hour, though in UTC it is still afternoon.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero));
    private readonly InMemoryUsageLedger _ledger = new();

    [Fact]
    public async Task A_member_over_their_budget_is_refused_until_midnight_in_the_bots_time_zone()
    {
        var budget = Budget(perUser: 1000, perChat: 0);
        Assert.Equal(new DateOnly(2026, 12, 7), budget.Today());

        await budget.RecordAsync(Message(Group, 1), new TokenUsage(600, 300));
        Assert.Equal(BudgetVerdict.Open, budget.Check(Message(Group, 1)));

        // Spent in another chat, it counts all the same.
        await budget.RecordAsync(Message(OtherGroup, 1), new TokenUsage(100, 0));
        Assert.Equal(BudgetVerdict.UserSpent, budget.Check(Message(Group, 1)));
        Assert.Equal(BudgetVerdict.Open, budget.Check(Message(Group, 2)));

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(BudgetVerdict.UserSpent, budget.Check(Message(Group, 1)));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DateOnly(2026, 12, 8), budget.Today());
        Assert.Equal(BudgetVerdict.Open, budget.Check(Message(Group, 1)));
    }

    [Fact]
    public async Task A_chat_over_its_budget_refuses_every_member_but_other_chats_go_on()
    {
        var budget = Budget(perUser: 0, perChat: 500);
        await budget.RecordAsync(Message(Group, 1), new TokenUsage(300, 0));
        await budget.RecordAsync(Message(Group, 2), new TokenUsage(200, 0));

        Assert.Equal(BudgetVerdict.ChatSpent, budget.Check(Message(Group, 3)));
        Assert.Equal(BudgetVerdict.Open, budget.Check(Message(OtherGroup, 1)));
    }

    [Fact]
    public async Task Without_budgets_nothing_is_refused()
    {
        var budget = Budget(perUser: 0, perChat: 0);
        await budget.RecordAsync(Message(Group, 1), new TokenUsage(int.MaxValue, int.MaxValue));

        Assert.Equal(BudgetVerdict.Open, budget.Check(Message(Group, 1)));
    }

    [Fact]
    public void The_reported_usage_wins_and_the_tokenizer_counts_only_what_the_report_leaves_out()
    {
        Assert.Equal(new TokenUsage(42, 7), TokenBudget.Measure(new UsageDetails { InputTokenCount = 42, OutputTokenCount = 7 }, () => 1, () => 2));
        Assert.Equal(new TokenUsage(1, 7), TokenBudget.Measure(new UsageDetails { OutputTokenCount = 7 }, () => 1, () => 2));
        Assert.Equal(new TokenUsage(0, 9), TokenBudget.Measure(new UsageDetails { TotalTokenCount = 9 }, () => 1, () => 2));
        Assert.Equal(new TokenUsage(1, 2), TokenBudget.Measure(null, () => 1, () => 2));
    }

    private TokenBudget Budget(int perUser, int perChat) => new(
        _ledger,
        Options.Create(new ChatServiceOptions { DailyTokensPerUser = perUser, DailyTokensPerChat = perChat, TimeZone = Shanghai }),
        _time,
        NullLogger<TokenBudget>.Instance);

    private static IncomingMessage Message(ConversationKey chat, long userId) => new(chat, userId, "member", "/gpt hi", true, 1);
}
