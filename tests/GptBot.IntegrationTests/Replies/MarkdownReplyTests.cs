using GptBot.IntegrationTests.Infrastructure;

namespace GptBot.IntegrationTests.Replies;

/// <summary>GPT_MARKDOWN: QQ shows Markdown as raw symbols; plain mode sends readable text instead.</summary>
[Trait("Category", "Integration")]
public sealed class MarkdownReplyTests
{
    private const string Answer = "## 结论\n\n**可以**，步骤如下：\n\n1. 打开 [设置](https://example.com)\n2. 运行 `make`\n\n```\n# keep me\n```";

    [Theory]
    [InlineData("whole")]
    [InlineData("stream")]
    public async Task Plain_mode_sends_the_answer_without_markup(string mode)
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_MARKDOWN"] = "plain", ["GPT_REPLY_MODE"] = mode, ["GPT_STREAM_COALESCE_MS"] = "2000" });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.DefaultAnswer = _ => Answer;

        await qq.SendPrivateMessageAsync(30003, "/gpt 怎么做");

        Assert.Equal("结论\n\n可以，步骤如下：\n\n1. 打开 设置 (https://example.com)\n2. 运行 make\n\n# keep me", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Keep_mode_sends_the_answer_as_written()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_REPLY_MODE"] = "whole" });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.DefaultAnswer = _ => Answer;

        await qq.SendPrivateMessageAsync(30003, "/gpt 怎么做");

        Assert.Equal(Answer, await qq.NextSentTextAsync());
    }
}
