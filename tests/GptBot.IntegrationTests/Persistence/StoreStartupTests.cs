using GptBot.Chat.Conversations;
using GptBot.Chat.Ports;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Persistence;

[Trait("Category", "Integration")]
public sealed class StoreStartupTests
{
    [Fact]
    public async Task By_default_conversations_go_to_a_sqlite_file_in_the_data_directory()
    {
        await using var bot = await TestBot.StartAsync();

        Assert.IsType<SqliteConversationStore>(bot.Services.GetRequiredService<IConversationStore>());
        Assert.True(File.Exists(Path.Combine(bot.DataDirectory, "gptbot.db")));
    }

    [Fact]
    public async Task Gpt_store_memory_keeps_the_seeds_in_memory_store_and_writes_no_file()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_STORE"] = "memory" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hi");

        Assert.Equal("echo: hi", await qq.NextSentTextAsync());
        Assert.IsType<InMemoryConversationStore>(bot.Services.GetRequiredService<IConversationStore>());
        Assert.False(File.Exists(Path.Combine(bot.DataDirectory, "gptbot.db")));
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_used_stops_the_start_with_a_message_naming_the_setting()
    {
        var blocker = Path.Combine(Path.GetTempPath(), "gptbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        await File.WriteAllTextAsync(blocker, "a file where the data directory should be", TestContext.Current.CancellationToken);
        try
        {
            await using var llm = await GptBot.Testing.FakeLlmServer.StartAsync();
            var error = await Assert.ThrowsAsync<GptBot.Persistence.StoreUnavailableException>(() => TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_DATA_DIR"] = blocker }, llm));

            Assert.Contains("GPT_DATA_DIR", error.Message);
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
