using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Persistence;
using GptBot.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Persistence;

/// <summary>
/// Exchanges of many chats that finish together share one transaction: each is stored once its batch commits, a batch
/// that fails fails exactly its own callers and not the next batch, and a chat's exchanges keep their order.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly TempDataDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Many_concurrent_appends_are_all_on_disk_after_reopening_each_chat_in_its_own_order()
    {
        const int chats = 40;
        const int exchangesPerChat = 12;
        long commits;
        using (var store = Open())
        {
            // Each chat appends its exchanges one after another (as its lane does); the chats run side by side.
            await Task.WhenAll(Enumerable.Range(0, chats).Select(chat => Task.Run(async () =>
            {
                for (var i = 0; i < exchangesPerChat; i++)
                {
                    await AppendAsync(store, Chat(chat), $"q{chat}-{i}", $"a{chat}-{i}");
                }
            })));
            commits = store.Commits;
        }

        using var reopened = Open();
        for (var chat = 0; chat < chats; chat++)
        {
            var turns = (await reopened.LoadAsync(Chat(chat), CancellationToken.None)).Turns;
            var expected = Enumerable.Range(0, exchangesPerChat).SelectMany(i => new[] { $"q{chat}-{i}", $"a{chat}-{i}" });
            Assert.Equal(expected, turns.Select(t => t.Text));
        }

        Assert.InRange(commits, 1, chats * exchangesPerChat);
    }

    [Fact]
    public async Task Exchanges_queued_while_the_file_is_busy_are_committed_together_in_one_transaction()
    {
        using var store = Open();
        var before = store.Commits;
        Task[] appends;
        using (await store.HoldDiskAsync(CancellationToken.None))
        {
            appends = Enumerable.Range(0, 50).Select(chat => AppendAsync(store, Chat(chat), "q", "a").AsTask()).ToArray();
            Assert.All(appends, append => Assert.False(append.IsCompleted)); // not stored until committed
        }

        await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(before + 1, store.Commits);
        Assert.Equal(100, CountRows("turns"));
    }

    [Fact]
    public async Task Members_own_contexts_and_the_groups_shared_one_are_separate_rows_after_reopening()
    {
        var group = Chat(1);
        using (var store = Open())
        {
            await Task.WhenAll(
                AppendAsync(store, group, "全群的问题", "全群的回答").AsTask(),
                AppendAsync(store, group.ForMember(60006), "我的问题", "我的回答").AsTask(),
                AppendAsync(store, group.ForMember(60007), "她的问题", "她的回答").AsTask());
        }

        using var reopened = Open();
        Assert.Equal(["全群的问题", "全群的回答"], (await reopened.LoadAsync(group, CancellationToken.None)).Turns.Select(t => t.Text));
        Assert.Equal(["我的问题", "我的回答"], (await reopened.LoadAsync(group.ForMember(60006), CancellationToken.None)).Turns.Select(t => t.Text));
        Assert.Equal(["她的问题", "她的回答"], (await reopened.LoadAsync(group.ForMember(60007), CancellationToken.None)).Turns.Select(t => t.Text));
        Assert.Equal(3, CountRows("conversations"));
    }

    [Fact]
    public async Task A_failed_commit_fails_exactly_the_callers_of_its_batch_and_the_next_batch_is_stored()
    {
        using var store = Open();
        await AppendAsync(store, Chat(1), "before", "stored");
        RefuseTurnsWithText("poison");

        Task[] batch;
        using (await store.HoldDiskAsync(CancellationToken.None))
        {
            batch =
            [
                AppendAsync(store, Chat(2), "fine", "fine").AsTask(),
                AppendAsync(store, Chat(3), "poison", "answer").AsTask(),
                AppendAsync(store, Chat(4), "also fine", "also fine").AsTask(),
            ];
        }

        foreach (var append in batch)
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => append.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
            Assert.Contains("refused by the test", error.Message);
        }

        await AppendAsync(store, Chat(2), "after", "stored too");

        // Nothing of the failed batch is on disk or in memory; before and after it, everything is.
        Assert.Equal(["before", "stored"], (await store.LoadAsync(Chat(1), CancellationToken.None)).Turns.Select(t => t.Text));
        Assert.Equal(["after", "stored too"], (await store.LoadAsync(Chat(2), CancellationToken.None)).Turns.Select(t => t.Text));
        Assert.Empty((await store.LoadAsync(Chat(3), CancellationToken.None)).Turns);
        Assert.Empty((await store.LoadAsync(Chat(4), CancellationToken.None)).Turns);
        Assert.Equal(4, CountRows("turns"));
    }

    [Fact]
    public async Task A_cached_chat_sees_its_exchange_only_once_it_is_committed()
    {
        using var store = Open();
        await store.LoadAsync(Chat(1), CancellationToken.None);
        Task append;
        using (await store.HoldDiskAsync(CancellationToken.None))
        {
            append = AppendAsync(store, Chat(1), "q", "a").AsTask();
            Assert.Empty((await store.LoadAsync(Chat(1), CancellationToken.None)).Turns);
        }

        await append.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(["q", "a"], (await store.LoadAsync(Chat(1), CancellationToken.None)).Turns.Select(t => t.Text));
    }

    [Fact]
    public async Task Closing_the_store_commits_what_is_already_queued()
    {
        var store = Open();
        Task append;
        var hold = await store.HoldDiskAsync(CancellationToken.None);
        append = AppendAsync(store, Chat(1), "q", "a").AsTask();
        var closing = Task.Run(store.Dispose, TestContext.Current.CancellationToken);
        hold.Dispose();

        await closing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await append.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(2, CountRows("turns"));
    }

    public void Dispose() => _directory.Dispose();

    private static ConversationKey Chat(int index) => ConversationKey.Group(10001, 50_000 + index);

    private SqliteConversationStore Open() =>
        new(Options.Create(new StoreOptions { DataDirectory = _directory.Path }), Options.Create(new ChatServiceOptions { MaxHistoryTurns = 100 }), _time);

    private ValueTask AppendAsync(SqliteConversationStore store, ConversationKey key, string question, string answer) =>
        store.AppendExchangeAsync(
            key,
            new ConversationTurn(TurnRole.User, question, "成员", _time.GetUtcNow()),
            new ConversationTurn(TurnRole.Assistant, answer, null, _time.GetUtcNow()),
            null,
            CancellationToken.None);

    /// <summary>A trigger in the file itself makes any transaction that writes such a turn fail, as a full disk would.</summary>
    private void RefuseTurnsWithText(string text)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER refuse BEFORE INSERT ON turns WHEN NEW.text = '{text}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";
        command.ExecuteNonQuery();
    }

    private long CountRows(string table)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, SqliteConversationDatabase.FileName)};Pooling=false");
        connection.Open();
        return connection;
    }
}
