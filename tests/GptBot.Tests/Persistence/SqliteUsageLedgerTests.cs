using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Chat.Settings;
using GptBot.Persistence;
using GptBot.Persistence.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Persistence;

/// <summary>Token usage on disk: kept across restarts, read from the file a previous release wrote, pruned after 90 days.</summary>
[Trait("Category", "Unit")]
public sealed class SqliteUsageLedgerTests : IDisposable
{
    private static readonly ConversationKey Group = ConversationKey.Group(10001, 20002);
    private static readonly ConversationKey Private = ConversationKey.Private(10001, 30003);

    private readonly TempDataDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));

    private static DateOnly Today => new(2026, 11, 20);

    [Fact]
    public async Task Usage_survives_a_restart_added_up_per_chat_and_member()
    {
        using (var store = OpenStore())
        using (var ledger = OpenLedger(store))
        {
            await ledger.AddAsync(Group, 1, Today, new TokenUsage(100, 10), CancellationToken.None);
            await ledger.AddAsync(Group, 1, Today, new TokenUsage(50, 5), CancellationToken.None);
            await ledger.AddAsync(Group, 2, Today, new TokenUsage(7, 3), CancellationToken.None);
        }

        using var reopenedStore = OpenStore();
        using var reopened = OpenLedger(reopenedStore);
        var usage = reopened.ForChat(Group, Today);
        Assert.Equal(new TokenUsage(157, 18), usage.Usage);
        Assert.Equal([new UserUsage(1, new TokenUsage(150, 15)), new UserUsage(2, new TokenUsage(7, 3))], usage.TopUsers);
        Assert.Equal(new TokenUsage(150, 15), reopened.ForUser(1, Today));
    }

    [Fact]
    public async Task Answers_that_finish_together_are_all_counted_and_all_on_disk_when_each_returns()
    {
        using (var store = OpenStore())
        using (var ledger = OpenLedger(store))
        {
            // Many chats answered at once share commits; each caller returns only once its own tokens are on disk.
            await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
                ledger.AddAsync(ConversationKey.Group(10001, 50000 + (i % 30)), i, Today, new TokenUsage(10, 1), CancellationToken.None).AsTask()));

            Assert.Equal(new TokenUsage(100, 10), ledger.ForChat(ConversationKey.Group(10001, 50007), Today).Usage);
            Assert.Equal(300, ledger.ForDay(Today).Sum(chat => chat.Usage.InputTokens) / 10);
        }

        using var reopenedStore = OpenStore();
        using var reopened = OpenLedger(reopenedStore);
        Assert.Equal(30, reopened.ForDay(Today).Count);
        Assert.Equal(3000, reopened.ForDay(Today).Sum(chat => chat.Usage.InputTokens));
    }

    [Fact]
    public async Task The_schema_4_fixture_opens_with_its_conversations_and_its_usage_today_and_earlier()
    {
        CopyFixture("gptbot-schema4.db");

        using var store = OpenStore();
        using var ledger = OpenLedger(store);

        Assert.Equal(4, (await store.LoadAsync(Group, CancellationToken.None)).Turns.Count);
        var today = ledger.ForChat(Group, Today);
        Assert.Equal(new TokenUsage(1700, 400), today.Usage);
        Assert.Equal([111L, 222L], today.TopUsers.Select(u => u.UserId));
        Assert.Equal(new TokenUsage(80, 20), ledger.ForChat(Private, Today).Usage);
        Assert.Equal(new TokenUsage(1000, 250), ledger.ForUser(111, Today.AddDays(-1)));

        // Two days on, the 19th has left memory: it is read from the file.
        _time.Advance(TimeSpan.FromDays(2));
        await ledger.AddAsync(Group, 111, Today.AddDays(2), new TokenUsage(1, 1), CancellationToken.None);
        Assert.Equal([Group], ledger.ForDay(Today.AddDays(-1)).Select(chat => chat.Chat));
        Assert.Equal(new TokenUsage(1000, 250), ledger.ForChat(Group, Today.AddDays(-1)).Usage);
    }

    [Fact]
    public async Task A_schema_1_file_gets_an_empty_usage_table_and_its_conversations_stay()
    {
        CopyFixture("gptbot-schema1.db");

        using var store = OpenStore();
        using var ledger = OpenLedger(store);

        Assert.Empty(ledger.ForDay(Today));
        Assert.Equal(4, (await store.LoadAsync(Group, CancellationToken.None)).Turns.Count);
    }

    [Fact]
    public async Task Usage_older_than_the_days_kept_is_deleted_from_the_file()
    {
        using (var store = OpenStore())
        using (var ledger = OpenLedger(store))
        {
            await ledger.AddAsync(Group, 1, Today.AddDays(-SqliteUsageLedger.DaysKept), new TokenUsage(1, 0), CancellationToken.None);
            await ledger.AddAsync(Group, 1, Today.AddDays(1 - SqliteUsageLedger.DaysKept), new TokenUsage(2, 0), CancellationToken.None);
        }

        using var reopenedStore = OpenStore();
        using var reopened = OpenLedger(reopenedStore);
        Assert.Empty(reopened.ForDay(Today.AddDays(-SqliteUsageLedger.DaysKept)));
        Assert.Equal(2, reopened.ForUser(1, Today.AddDays(1 - SqliteUsageLedger.DaysKept)).Total);
    }

    [Fact]
    public async Task Answers_that_finish_while_the_file_is_busy_share_one_commit_and_are_all_counted()
    {
        using var store = OpenStore();
        using var ledger = OpenLedger(store);
        var before = ledger.Commits;
        Task[] adds;
        using (await ledger.HoldAsync(CancellationToken.None))
        {
            adds = Enumerable.Range(1, 50).Select(user => ledger.AddAsync(Group, user, Today, new TokenUsage(10, 1), CancellationToken.None).AsTask()).ToArray();
            Assert.All(adds, add => Assert.False(add.IsCompleted)); // not counted until committed
        }

        await Task.WhenAll(adds).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // One fsync for the fifty, not fifty in a row: a busy bot's answers would otherwise wait on each other's.
        Assert.Equal(before + 1, ledger.Commits);
        Assert.Equal(new TokenUsage(500, 50), ledger.ForChat(Group, Today).Usage);
        using var reopenedStore = OpenStore();
        ledger.Dispose();
        using var reopened = OpenLedger(reopenedStore);
        Assert.Equal(new TokenUsage(500, 50), reopened.ForChat(Group, Today).Usage);
    }

    public void Dispose() => _directory.Dispose();

    private void CopyFixture(string name)
    {
        Directory.CreateDirectory(_directory.Path);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", name), Path.Combine(_directory.Path, SqliteConversationDatabase.FileName));
    }

    private SqliteConversationStore OpenStore() =>
        new(Options.Create(new StoreOptions { DataDirectory = _directory.Path }), Options.Create(new ChatServiceOptions()), _time);

    private SqliteUsageLedger OpenLedger(SqliteConversationStore store) =>
        new(store, Options.Create(new ChatServiceOptions { TimeZone = TimeZoneInfo.Utc }), _time);
}
