using GptBot.Testing;
using Microsoft.Data.Sqlite;

namespace GptBot.IntegrationTests.Persistence;

/// <summary>An operator replaces GptBot with a newer (or, by mistake, an older) release on the same GPT_DATA_DIR.</summary>
[Trait("Category", "Integration")]
public sealed class UpgradeTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gptbot-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_dataDirectory, "gptbot.db");

    [Fact]
    public async Task After_an_upgrade_a_group_continues_the_conversation_the_previous_release_stored()
    {
        Directory.CreateDirectory(_dataDirectory);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "gptbot-schema1.db"), DatabasePath);
        await using var llm = await FakeLlmServer.StartAsync();
        await using var bot = await GptBotProcess.StartAsync(TestSettings.For(llm.BaseUrl), _dataDirectory);
        await using var qq = await bot.ConnectAsync(selfId: 10001);

        await qq.SendGroupMessageAsync(20002, userId: 40004, "/gpt 我们刚才聊了什么？");

        var contents = (await llm.NextRequestAsync(TimeSpan.FromSeconds(15))).Messages.Select(m => m.Content).ToArray();
        Assert.Equal(5, contents.Length);
        Assert.EndsWith("小明: 今天吃什么？", contents[0]);
        Assert.Equal("可以试试番茄炒蛋。", contents[1]);
        Assert.EndsWith("小红: 那晚饭呢？", contents[2]);
        Assert.Equal("晚饭来一碗牛肉面。", contents[3]);
        Assert.EndsWith("我们刚才聊了什么？", contents[4]);
        Assert.EndsWith("我们刚才聊了什么？", (await qq.NextCallAsync(c => c.IsSend && c.GroupId == 20002)).Text);

        // The file as the previous release left it, kept before the first step changed it.
        Assert.True(File.Exists(DatabasePath + ".bak-1"));
    }

    [Fact]
    public async Task A_file_from_a_newer_release_stops_the_start_with_exit_code_2_and_is_left_as_it_was()
    {
        Directory.CreateDirectory(_dataDirectory);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE conversations (id INTEGER PRIMARY KEY); PRAGMA user_version = 7;";
            command.ExecuteNonQuery();
        }

        var before = await File.ReadAllBytesAsync(DatabasePath, TestContext.Current.CancellationToken);
        await using var llm = await FakeLlmServer.StartAsync();

        var settings = TestSettings.For(llm.BaseUrl);
        settings["PORT"] = "0";

        var (exitCode, output) = await GptBotProcess.RunToExitAsync(settings, _dataDirectory, TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.TrimEntries), l => l.StartsWith("数据目录错误 / storage error: GPT_DATA_DIR:", StringComparison.Ordinal));
        Assert.Contains("gptbot.db has schema version 7, newer than this GptBot understands (", line, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(DatabasePath, TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetFiles(_dataDirectory, "gptbot.db.bak*"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
