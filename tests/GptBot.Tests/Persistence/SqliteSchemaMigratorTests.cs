using System.Security.Cryptography;
using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Persistence;
using GptBot.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Persistence;

/// <summary>
/// Upgrading GptBot keeps every conversation: a file written by the previous release opens, an existing file is backed
/// up before its schema changes, a failed step changes nothing, and a file from a newer release is left alone.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SqliteSchemaMigratorTests : IDisposable
{
    /// <summary>Written by the release before schema versioning (schema 1, version kept in a schema_version table).</summary>
    private static readonly string SchemaOneFixture = System.IO.Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "gptbot-schema1.db");

    private static readonly ConversationKey FixtureGroup = ConversationKey.Group(10001, 20002);
    private static readonly ConversationKey FixturePrivate = ConversationKey.Private(10001, 30003);
    private static readonly ConversationKey FixtureWebGroup = ConversationKey.Group(10002, 40004);

    /// <summary>The newest committed fixture: written by the release whose schema is <see cref="SqliteSchema.CurrentVersion"/>.</summary>
    private static readonly string NewestFixture = System.IO.Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", $"gptbot-schema{SqliteSchema.CurrentVersion}.db");

    /// <summary>A step after the newest; only these tests ship it.</summary>
    private static readonly SchemaMigration LaterStep = new(SqliteSchema.CurrentVersion + 1, "a later step", "ALTER TABLE conversations ADD COLUMN note TEXT NOT NULL DEFAULT '{}';");

    private readonly TempDataDirectory _directory = new();

    private string DatabasePath => System.IO.Path.Combine(_directory.Path, SqliteConversationDatabase.FileName);

    [Fact]
    public async Task A_file_written_before_schema_versioning_is_upgraded_with_a_backup_and_every_conversation_and_keeps_working()
    {
        CopyFixture();

        using (var store = OpenStore())
        {
            await AssertFixtureConversationsAsync(store);
            Assert.Equal(new SchemaUpgrade(1, SqliteSchema.CurrentVersion, DatabasePath + ".bak-1"), store.Upgrade);
            await store.AppendExchangeAsync(
                FixtureGroup,
                new ConversationTurn(TurnRole.User, "升级以后还记得吗？", "小明", DateTimeOffset.UnixEpoch),
                new ConversationTurn(TurnRole.Assistant, "记得。", null, DateTimeOffset.UnixEpoch),
                null,
                CancellationToken.None);
        }

        Assert.Equal((long)SqliteSchema.CurrentVersion, Pragma(DatabasePath, "user_version"));
        Assert.Single(Backups());

        // Upgraded step by step, the file has exactly the schema a new file gets.
        Assert.Equal(SchemaOf(NewestFixture), SchemaOf(DatabasePath));
        using var reopened = OpenStore();
        var group = await reopened.LoadAsync(FixtureGroup, CancellationToken.None);
        Assert.Equal(["今天吃什么？", "可以试试番茄炒蛋。", "那晚饭呢？", "晚饭来一碗牛肉面。", "升级以后还记得吗？", "记得。"], group.Turns.Select(t => t.Text));
    }

    [Fact]
    public void Migrating_an_existing_file_keeps_its_conversations_and_first_copies_it_to_a_private_backup_named_by_its_version()
    {
        CopyFixture();

        var later = (long)LaterStep.Version;
        using (var database = new SqliteConversationDatabase(_directory.Path, [.. SqliteSchema.Migrations, LaterStep]))
        {
            var backup = DatabasePath + ".bak-1";
            Assert.Equal(new SchemaUpgrade(1, LaterStep.Version, backup), database.Upgrade);
            AssertFixtureConversations(database.Load);
        }

        Assert.Equal(later, Pragma(DatabasePath, "user_version"));
        Assert.Equal(later, Scalar(DatabasePath, "SELECT version FROM schema_version"));
        Assert.Equal("{}", Scalar(DatabasePath, "SELECT DISTINCT note FROM conversations"));

        // The backup is the file as the previous release left it, every conversation in it.
        var backupPath = Assert.Single(Backups());
        Assert.Equal(SqliteConversationDatabase.FileName + ".bak-1", System.IO.Path.GetFileName(backupPath));
        Assert.Equal(0L, Scalar(backupPath, "SELECT COUNT(*) FROM pragma_table_info('conversations') WHERE name = 'member_id'"));
        Assert.Equal("delete", Pragma(backupPath, "journal_mode"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backupPath));
        }

        Assert.Equal(3L, Scalar(backupPath, "SELECT COUNT(*) FROM conversations"));
        Assert.Equal(8L, Scalar(backupPath, "SELECT COUNT(*) FROM turns"));
        Assert.Equal(1L, Scalar(backupPath, "SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public void A_step_that_fails_is_rolled_back_and_the_next_start_carries_on_from_the_last_step_that_committed()
    {
        CopyFixture();
        var broken = new SchemaMigration(LaterStep.Version + 1, "broken", "ALTER TABLE turns ADD COLUMN tokens INTEGER; INSERT INTO no_such_table VALUES (1);");

        Assert.Throws<SqliteException>(() => new SqliteConversationDatabase(_directory.Path, [.. SqliteSchema.Migrations, LaterStep, broken]));

        Assert.Equal((long)LaterStep.Version, Pragma(DatabasePath, "user_version"));
        Assert.Equal(0L, Scalar(DatabasePath, "SELECT COUNT(*) FROM pragma_table_info('turns') WHERE name = 'tokens'"));
        using var database = new SqliteConversationDatabase(_directory.Path, [.. SqliteSchema.Migrations, LaterStep]);
        Assert.Equal(new SchemaUpgrade(LaterStep.Version, LaterStep.Version, null), database.Upgrade);
        AssertFixtureConversations(database.Load);
    }

    [Theory]
    [InlineData("PRAGMA user_version = 99")]
    [InlineData("UPDATE schema_version SET version = 99; PRAGMA user_version = 0")] // the way the previous release recorded it
    public void A_file_from_a_newer_release_is_refused_untouched_with_a_message_naming_the_setting(string markNewer)
    {
        CopyFixture();
        Execute(DatabasePath, markNewer);
        var before = SHA256.HashData(File.ReadAllBytes(DatabasePath));

        var error = Assert.Throws<StoreUnavailableException>(() => OpenStore());

        Assert.Contains("GPT_DATA_DIR", error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version 99, newer than this GptBot understands ({SqliteSchema.CurrentVersion})", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(DatabasePath)));
        Assert.Empty(Backups());
    }

    [Fact]
    public void A_new_file_gets_the_newest_schema_without_a_backup_and_it_matches_the_newest_fixture()
    {
        using (var store = OpenStore())
        {
            Assert.Equal(new SchemaUpgrade(0, SqliteSchema.CurrentVersion, null), store.Upgrade);
        }

        Assert.Equal((long)SqliteSchema.CurrentVersion, Pragma(DatabasePath, "user_version"));
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(DatabasePath, "SELECT version FROM schema_version"));
        Assert.Empty(Backups());
        Assert.Equal(SchemaOf(NewestFixture), SchemaOf(DatabasePath));
    }

    [Fact]
    public void Steps_are_numbered_from_one_without_gaps_and_a_list_that_is_not_is_refused()
    {
        Assert.Equal(Enumerable.Range(1, SqliteSchema.Migrations.Count), SqliteSchema.Migrations.Select(m => m.Version));

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteConversationDatabase(_directory.Path, [LaterStep]));
        Assert.Contains($"schema migration 1 is numbered {LaterStep.Version}", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private void CopyFixture()
    {
        Directory.CreateDirectory(_directory.Path);
        File.Copy(SchemaOneFixture, DatabasePath);
    }

    private SqliteConversationStore OpenStore() =>
        new(Options.Create(new StoreOptions { DataDirectory = _directory.Path }), Options.Create(new ChatServiceOptions()), TimeProvider.System);

    private string[] Backups() => Directory.GetFiles(_directory.Path, SqliteConversationDatabase.FileName + ".bak*");

    private static async Task AssertFixtureConversationsAsync(SqliteConversationStore store)
    {
        var snapshots = new Dictionary<ConversationKey, ConversationSnapshot>();
        foreach (var key in new[] { FixtureGroup, FixturePrivate, FixtureWebGroup })
        {
            snapshots[key] = await store.LoadAsync(key, CancellationToken.None);
        }

        AssertFixtureConversations(key => snapshots[key]);
    }

    /// <summary>The conversations the fixture was written with, turn by turn.</summary>
    private static void AssertFixtureConversations(Func<ConversationKey, ConversationSnapshot> load)
    {
        var group = load(FixtureGroup);
        Assert.Equal(["今天吃什么？", "可以试试番茄炒蛋。", "那晚饭呢？", "晚饭来一碗牛肉面。"], group.Turns.Select(t => t.Text));
        Assert.Equal([TurnRole.User, TurnRole.Assistant, TurnRole.User, TurnRole.Assistant], group.Turns.Select(t => t.Role));
        Assert.Equal(["小明", null, "小红", null], group.Turns.Select(t => t.AuthorName));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 1, 3, TimeSpan.Zero), group.LastActivity);
        Assert.Null(group.BackendState);

        var privateChat = load(FixturePrivate);
        Assert.Equal(["hello", "Hello! How can I help?"], privateChat.Turns.Select(t => t.Text));
        Assert.Equal("Alice", privateChat.Turns[0].AuthorName);

        var webGroup = load(FixtureWebGroup);
        Assert.Equal("程序员的笑话：\n```\nwhile (true) { }\n```", webGroup.Turns[^1].Text);
        Assert.Equal("""{"conversation_id":"c-42","parent_message_id":"m-7"}""", webGroup.BackendState);
    }

    private static string[] SchemaOf(string path)
    {
        using var connection = ReadOnly(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ': ' || IFNULL(sql, '') FROM sqlite_master ORDER BY type, name";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return [.. rows];
    }

    private static object? Pragma(string path, string name) => Scalar(path, "PRAGMA " + name);

    private static object? Scalar(string path, string sql)
    {
        using var connection = ReadOnly(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection ReadOnly(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
