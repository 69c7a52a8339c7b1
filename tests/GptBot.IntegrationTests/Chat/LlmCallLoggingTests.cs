using GptBot.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Chat;

/// <summary>An operator turns on a log line per LLM call with a Serilog override; by default the chain has no logger.</summary>
[Trait("Category", "Integration")]
public sealed class LlmCallLoggingTests
{
    [Fact]
    public async Task Llm_calls_are_not_logged_by_default()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["LOG_LEVEL"] = "DEBUG" });

        Assert.Null(bot.Services.GetRequiredService<IChatClient>().GetService<LoggingChatClient>());
    }

    [Fact]
    public async Task A_serilog_override_for_microsoft_extensions_ai_logs_every_llm_call()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["Serilog:MinimumLevel:Override:Microsoft.Extensions.AI"] = "Debug" });
        await using var qq = await bot.ConnectAsync();

        Assert.NotNull(bot.Services.GetRequiredService<IChatClient>().GetService<LoggingChatClient>());
        await qq.SendPrivateMessageAsync(30003, "/gpt hello");
        Assert.Equal("echo: hello", await qq.NextSentTextAsync());
    }
}
