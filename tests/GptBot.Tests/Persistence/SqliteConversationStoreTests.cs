using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Persistence;
using GptBot.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Persistence;

public sealed class SqliteConversationStoreTests : IDisposable
{
    private static readonly ConversationKey GroupA = ConversationKey.Group(10001, 20002);
    private static readonly ConversationKey PrivateB = ConversationKey.Private(10001, 30003);

    private readonly TempDataDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Appended_exchanges_load_back_in_order_with_names_and_backend_state()
    {
        using var store = Open();
        await AppendAsync(store, GroupA, "q1", "a1", author: "小明", backendState: "thread-1");
        await AppendAsync(store, GroupA, "q2", "a2", author: "小红", backendState: "thread-2");

        var snapshot = await store.LoadAsync(GroupA, CancellationToken.None);

        Assert.Equal(["q1", "a1", "q2", "a2"], snapshot.Turns.Select(t => t.Text));
        Assert.Equal([TurnRole.User, TurnRole.Assistant, TurnRole.User, TurnRole.Assistant], snapshot.Turns.Select(t => t.Role));
        Assert.Equal(["小明", null, "小红", null], snapshot.Turns.Select(t => t.AuthorName));
        Assert.Equal("thread-2", snapshot.BackendState);
        Assert.Equal(_time.GetUtcNow(), snapshot.LastActivity);
    }

    [Fact]
    public async Task Everything_survives_reopening_the_file_and_chats_stay_apart()
    {
        using (var store = Open())
        {
            await AppendAsync(store, GroupA, "group question", "group answer");
            await AppendAsync(store, PrivateB, "private question", "private answer", backendState: "t-b");
        }

        using var reopened = Open();
        var a = await reopened.LoadAsync(GroupA, CancellationToken.None);
        var b = await reopened.LoadAsync(PrivateB, CancellationToken.None);
        Assert.Equal(["group question", "group answer"], a.Turns.Select(t => t.Text));
        Assert.Equal(["private question", "private answer"], b.Turns.Select(t => t.Text));
        Assert.Equal("t-b", b.BackendState);
        Assert.Empty((await reopened.LoadAsync(ConversationKey.Group(10001, 99), CancellationToken.None)).Turns);
    }

    [Fact]
    public async Task The_cache_is_written_through_so_a_loaded_chat_sees_its_new_exchange_from_memory_and_disk()
    {
        using var store = Open();
        Assert.Empty((await store.LoadAsync(GroupA, CancellationToken.None)).Turns);
        await AppendAsync(store, GroupA, "q", "a");

        Assert.Equal(2, (await store.LoadAsync(GroupA, CancellationToken.None)).Turns.Count);
        Assert.Equal(2, CountRows("turns"));
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(5, 4)] // whole exchanges only: an odd cap keeps one turn fewer
    public async Task History_is_capped_on_disk_and_in_memory_oldest_first(int maxTurns, int expected)
    {
        using (var store = Open(maxTurns))
        {
            await store.LoadAsync(GroupA, CancellationToken.None);
            for (var i = 1; i <= 5; i++)
            {
                await AppendAsync(store, GroupA, $"q{i}", $"a{i}");
            }

            var cached = await store.LoadAsync(GroupA, CancellationToken.None);
            Assert.Equal(expected, cached.Turns.Count);
            Assert.Equal("a5", cached.Turns[^1].Text);
            Assert.Equal(TurnRole.User, cached.Turns[0].Role);
        }

        Assert.Equal(expected, CountRows("turns"));
        using var reopened = Open(maxTurns);
        var fromDisk = await reopened.LoadAsync(GroupA, CancellationToken.None);
        Assert.Equal(["q4", "a4", "q5", "a5"], fromDisk.Turns.Select(t => t.Text));
    }

    [Fact]
    public async Task Reset_deletes_the_chat_from_disk_and_memory_only()
    {
        using var store = Open();
        await store.LoadAsync(GroupA, CancellationToken.None);
        await AppendAsync(store, GroupA, "q", "a", backendState: "thread");
        await AppendAsync(store, PrivateB, "q", "a");

        await store.ResetAsync(GroupA, CancellationToken.None);

        var snapshot = await store.LoadAsync(GroupA, CancellationToken.None);
        Assert.Empty(snapshot.Turns);
        Assert.Null(snapshot.BackendState);
        Assert.Equal(1, CountRows("conversations"));
        Assert.Equal(2, CountRows("turns"));
    }

    [Fact]
    public async Task Forget_idle_removes_only_conversations_idle_since_the_cutoff()
    {
        using var store = Open();
        await AppendAsync(store, GroupA, "old", "old answer");
        _time.Advance(TimeSpan.FromMinutes(30));
        await AppendAsync(store, PrivateB, "new", "new answer");
        await store.LoadAsync(GroupA, CancellationToken.None);

        var forgotten = await store.ForgetIdleAsync(_time.GetUtcNow() - TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal(1, forgotten);
        Assert.Empty((await store.LoadAsync(GroupA, CancellationToken.None)).Turns);
        Assert.Equal(2, (await store.LoadAsync(PrivateB, CancellationToken.None)).Turns.Count);
        Assert.Equal(2, CountRows("turns"));
    }

    [Fact]
    public async Task Cold_conversations_leave_memory_but_not_the_disk()
    {
        using var store = Open();
        await store.LoadAsync(GroupA, CancellationToken.None);
        await AppendAsync(store, GroupA, "q", "a");
        Assert.Equal(1, store.CachedCount);

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, store.EvictCold());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, store.EvictCold());

        Assert.Equal(0, store.CachedCount);
        Assert.Equal(["q", "a"], (await store.LoadAsync(GroupA, CancellationToken.None)).Turns.Select(t => t.Text));
    }

    [Fact]
    public void The_file_uses_wal_and_records_its_schema_version()
    {
        using (Open())
        {
        }

        using var connection = new SqliteConnection($"Data Source={System.IO.Path.Combine(_directory.Path, SqliteConversationDatabase.FileName)};Pooling=false");
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(connection, "PRAGMA user_version"));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_with_a_message_naming_the_setting()
    {
        Directory.CreateDirectory(_directory.Path);
        File.WriteAllText(System.IO.Path.Combine(_directory.Path, SqliteConversationDatabase.FileName), new string('x', 4096));

        var error = Assert.Throws<StoreUnavailableException>(() => Open());
        Assert.Contains("GPT_DATA_DIR", error.Message);
    }

    [Fact]
    public async Task After_dispose_an_append_fails_clearly_instead_of_touching_a_closed_file()
    {
        var store = Open();
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await AppendAsync(store, GroupA, "q", "a"));
    }

    public void Dispose() => _directory.Dispose();

    private SqliteConversationStore Open(int maxTurns = 40) =>
        new(Options.Create(new StoreOptions { DataDirectory = _directory.Path }), Options.Create(new ChatServiceOptions { MaxHistoryTurns = maxTurns }), _time);

    private ValueTask AppendAsync(SqliteConversationStore store, ConversationKey key, string question, string answer, string? author = null, string? backendState = null) =>
        store.AppendExchangeAsync(
            key,
            new ConversationTurn(TurnRole.User, question, author, _time.GetUtcNow()),
            new ConversationTurn(TurnRole.Assistant, answer, null, _time.GetUtcNow()),
            backendState,
            CancellationToken.None);

    private long CountRows(string table)
    {
        using var connection = new SqliteConnection($"Data Source={System.IO.Path.Combine(_directory.Path, SqliteConversationDatabase.FileName)};Pooling=false");
        connection.Open();
        return (long)Scalar(connection, $"SELECT COUNT(*) FROM {table}")!;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
