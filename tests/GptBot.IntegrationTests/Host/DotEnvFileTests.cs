using GptBot.Testing;

namespace GptBot.IntegrationTests.Host;

/// <summary>A NoneBot project's settings files work unchanged when GptBot replaces it in the same directory.</summary>
[Trait("Category", "Integration")]
public sealed class DotEnvFileTests
{
    [Fact]
    public async Task A_migrated_dot_env_prod_is_loaded_without_environment_and_its_sudoers_may_use_gpt_control()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("gptbot-dotenv-").FullName;
        try
        {
            // NoneBot's default environment is prod: its .env.prod holds what the bot ran with, .env often only ENVIRONMENT's absence.
            await File.WriteAllLinesAsync(Path.Combine(directory, ".env"), ["NICKNAME=[\"bot\"]"], TestContext.Current.CancellationToken);
            await File.WriteAllLinesAsync(Path.Combine(directory, ".env.prod"), ["GPT_SUDOERS=[30003]"], TestContext.Current.CancellationToken);
            await using var bot = await GptBotProcess.StartAsync(TestSettings.For(llm.BaseUrl), directory);
            await using var qq = await bot.ConnectAsync();

            await qq.SendPrivateMessageAsync(30003, "/gpt_control reset_context");

            Assert.Equal("重置30003的上下文成功", await qq.NextSentTextAsync());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
