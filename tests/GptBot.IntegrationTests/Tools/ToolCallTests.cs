using GptBot.IntegrationTests.Infrastructure;
using GptBot.Llm.Tools;
using GptBot.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Tools;

/// <summary>GPT_TOOLS: the model calls a tool, gets its result, and the chat gets one answer.</summary>
[Trait("Category", "Integration")]
public sealed class ToolCallTests
{
    [Fact]
    public async Task A_get_current_time_round_trip_ends_in_one_answer()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TOOLS"] = "true", ["GPT_TIMEZONE"] = "Asia/Shanghai" });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = CallOnceThenAnswer("get_current_time", "{}");

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 现在几点？");

        var first = await bot.Llm.NextRequestAsync();
        var second = await bot.Llm.NextRequestAsync();
        Assert.Contains(CurrentTimeTool.ToolName, first.ToolNames);
        var (callId, result) = Assert.Single(second.ToolResults);
        Assert.Equal("call_1", callId);
        Assert.Contains("time zone Asia/Shanghai, UTC+08:00", result, StringComparison.Ordinal);
        var answer = await qq.NextSentTextAsync();
        Assert.StartsWith("工具说：", answer, StringComparison.Ordinal);
        Assert.Contains("星期", answer, StringComparison.Ordinal);
        Assert.False(await qq.ReceivesCallWithinAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(2, bot.Llm.RequestCount);
    }

    [Fact]
    public async Task An_mcp_servers_tools_are_listed_and_called()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TOOLS"] = "true", ["GPT_MCP_SERVERS"] = McpTestServer.SettingValue() });
        await using var qq = await bot.ConnectAsync();
        await WaitForToolAsync(bot, "reverse_text");
        bot.Llm.Handler = CallOnceThenAnswer("reverse_text", """{"text":"GptBot 你好"}""");

        await qq.SendPrivateMessageAsync(30003, "/gpt 把 GptBot 你好 倒过来");

        var first = await bot.Llm.NextRequestAsync();
        var second = await bot.Llm.NextRequestAsync();
        Assert.Contains("reverse_text", first.ToolNames);
        Assert.Contains(CurrentTimeTool.ToolName, first.ToolNames);
        Assert.Contains("好你 toBtpG", Assert.Single(second.ToolResults).Content, StringComparison.Ordinal);
        Assert.Contains("好你 toBtpG", await qq.NextSentTextAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("always_fails")]
    [InlineData("never_answers")]
    public async Task A_failing_or_hanging_tool_gives_the_model_an_error_and_the_answer_still_comes(string tool)
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_TOOLS"] = "true",
            ["GPT_TOOL_TIMEOUT"] = "1",
            ["GPT_TIMEOUT"] = "20",
            ["GPT_MCP_SERVERS"] = McpTestServer.SettingValue(),
        });
        await using var qq = await bot.ConnectAsync();
        await WaitForToolAsync(bot, tool);
        bot.Llm.Handler = CallOnceThenAnswer(tool, "{}");

        await qq.SendPrivateMessageAsync(30003, "/gpt 试试这个工具");

        await bot.Llm.NextRequestAsync();
        var second = await bot.Llm.NextRequestAsync();
        // An MCP tool's own failure comes back as its isError result, a hanging one as the invoker's error text.
        Assert.Contains("error", Assert.Single(second.ToolResults).Content, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("工具说：", await qq.NextSentTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_last_round_of_tool_calls_the_model_must_answer_without_tools()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TOOLS"] = "true", ["GPT_TOOL_MAX_ROUNDS"] = "2" });
        await using var qq = await bot.ConnectAsync();
        var round = 0;
        bot.Llm.Handler = (request, context) =>
        {
            // A model that would call tools for ever, while it may.
            var mayCall = request.ToolNames.Count > 0 && !(request.Body.TryGetProperty("tool_choice", out var choice) && choice.GetString() == "none");
            return mayCall
                ? FakeLlmServer.StreamToolCallAsync(context, "call_" + Interlocked.Increment(ref round), CurrentTimeTool.ToolName)
                : FakeLlmServer.StreamAnswerAsync(context, "不再调用工具了");
        };

        await qq.SendPrivateMessageAsync(30003, "/gpt 一直查时间");

        Assert.Equal("不再调用工具了", await qq.NextSentTextAsync());
        Assert.Equal(3, bot.Llm.RequestCount);
        Assert.Equal(2, Volatile.Read(ref round));
    }

    [Fact]
    public async Task Without_gpt_tools_no_tool_is_offered()
    {
        await using var bot = await TestBot.StartAsync();
        Assert.Null(bot.Services.GetRequiredService<IChatClient>().GetService<FunctionInvokingChatClient>());
    }

    /// <summary>A model that calls <paramref name="tool"/> once, then answers "工具说：" and the tool's result.</summary>
    private static Func<FakeLlmRequest, HttpContext, Task> CallOnceThenAnswer(string tool, string argumentsJson) => (request, context) =>
        request.ToolResults.Count == 0
            ? FakeLlmServer.StreamToolCallAsync(context, "call_1", tool, argumentsJson)
            : FakeLlmServer.StreamAnswerAsync(context, "工具说：" + request.ToolResults[^1].Content);

    private static Task WaitForToolAsync(TestBot bot, string name)
    {
        var catalog = bot.Services.GetRequiredService<ToolCatalog>();
        return Eventually.TrueAsync(() => catalog.Tools.Any(tool => tool.Name == name), $"the MCP server's {name}", TimeSpan.FromSeconds(60));
    }
}
