using GptBot.Chat.Model;
using GptBot.Chat.Settings;
using GptBot.Chat.Usage;

namespace GptBot.Tests.Chat.Usage;

[Trait("Category", "Unit")]
public sealed class InMemoryUsageLedgerTests
{
    private static readonly ConversationKey Group = ConversationKey.Group(10001, 20002);
    private static readonly ConversationKey OtherGroup = ConversationKey.Group(10001, 20003);
    private static readonly DateOnly Day = new(2026, 12, 7);

    [Fact]
    public void A_chat_adds_up_its_members_and_lists_the_biggest_first()
    {
        var ledger = new InMemoryUsageLedger();
        ledger.Add(Group, 1, Day, new TokenUsage(100, 10));
        ledger.Add(Group, 2, Day, new TokenUsage(300, 30));
        ledger.Add(Group, 1, Day, new TokenUsage(50, 5));
        ledger.Add(Group, 3, Day, new TokenUsage(1, 1));

        var usage = ledger.ForChat(Group, Day, topUsers: 2);

        Assert.Equal(new TokenUsage(451, 46), usage.Usage);
        Assert.Equal([new UserUsage(2, new TokenUsage(300, 30)), new UserUsage(1, new TokenUsage(150, 15))], usage.TopUsers);
        Assert.Empty(ledger.ForChat(Group, Day, topUsers: 0).TopUsers);
    }

    [Fact]
    public void A_member_counts_across_chats_and_each_day_on_its_own()
    {
        var ledger = new InMemoryUsageLedger();
        ledger.Add(Group, 1, Day, new TokenUsage(100, 10));
        ledger.Add(OtherGroup, 1, Day, new TokenUsage(200, 20));
        ledger.Add(OtherGroup, 1, Day.AddDays(-1), new TokenUsage(1000, 0));

        Assert.Equal(new TokenUsage(300, 30), ledger.ForUser(1, Day));
        Assert.Equal(new TokenUsage(1000, 0), ledger.ForUser(1, Day.AddDays(-1)));
        Assert.Equal([OtherGroup, Group], ledger.ForDay(Day).Select(chat => chat.Chat));
        Assert.Equal(default, ledger.ForUser(2, Day));
    }

    [Fact]
    public void Days_beyond_those_kept_are_dropped_when_a_newer_day_arrives()
    {
        var ledger = new InMemoryUsageLedger(daysKept: 2);
        ledger.Add(Group, 1, Day.AddDays(-1), new TokenUsage(10, 0));
        ledger.Add(Group, 1, Day, new TokenUsage(20, 0));
        ledger.Add(Group, 1, Day.AddDays(1), new TokenUsage(30, 0));

        Assert.Equal(default, ledger.ForUser(1, Day.AddDays(-1)));
        Assert.Equal(20, ledger.ForUser(1, Day).Total);
        Assert.Equal(Day, ledger.OldestKept);

        // A late answer for a day no longer kept is not kept either.
        ledger.Add(Group, 1, Day.AddDays(-1), new TokenUsage(5, 0));
        Assert.Empty(ledger.ForDay(Day.AddDays(-1)));
    }
}
