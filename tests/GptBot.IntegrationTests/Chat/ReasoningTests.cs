using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Chat;

/// <summary>A reasoning model's thoughts, both ways they come, with GPT_SHOW_REASONING off (the default) and on.</summary>
[Trait("Category", "Integration")]
public sealed class ReasoningTests
{
    private const string Thought = "用户在问天气，我应该简短回答。";

    [Fact]
    public async Task Thoughts_reach_neither_the_chat_nor_the_history_by_default()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_REPLY_MODE"] = "whole" });
        await using var qq = await bot.ConnectAsync();

        bot.Llm.Handler = (_, context) => FakeLlmServer.StreamReasoningAnswerAsync(context, Thought, "今天晴。", chunkSize: 3);
        await qq.SendPrivateMessageAsync(30003, "/gpt 天气");
        await bot.Llm.NextRequestAsync();
        Assert.Equal("今天晴。", await qq.NextSentTextAsync());

        // DeepSeek-R1 served raw: the thoughts inside the text, split over many small deltas.
        bot.Llm.Handler = (_, context) => FakeLlmServer.StreamAnswerAsync(context, $"\n<think>\n{Thought}\n</think>\n\n明天有雨。", chunkSize: 2);
        await qq.SendPrivateMessageAsync(30003, "/gpt 明天呢");
        await bot.Llm.NextRequestAsync();
        Assert.Equal("明天有雨。", await qq.NextSentTextAsync());

        bot.Llm.Handler = null;
        await qq.SendPrivateMessageAsync(30003, "/gpt 还记得吗");
        Assert.Equal(
            [("user", "天气"), ("assistant", "今天晴。"), ("user", "明天呢"), ("assistant", "明天有雨。"), ("user", "还记得吗")],
            (await bot.Llm.NextRequestAsync()).Messages);
    }

    [Fact]
    public async Task Shown_thoughts_come_before_the_answer_but_the_history_keeps_the_answer_alone()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_REPLY_MODE"] = "whole", ["GPT_SHOW_REASONING"] = "true" });
        await using var qq = await bot.ConnectAsync();

        bot.Llm.Handler = (_, context) => FakeLlmServer.StreamReasoningAnswerAsync(context, Thought, "今天晴。");
        await qq.SendPrivateMessageAsync(30003, "/gpt 天气");
        await bot.Llm.NextRequestAsync();
        Assert.Equal($"<think>\n{Thought}\n</think>\n\n今天晴。", await qq.NextSentTextAsync());

        bot.Llm.Handler = null;
        await qq.SendPrivateMessageAsync(30003, "/gpt 还记得吗");
        Assert.Equal([("user", "天气"), ("assistant", "今天晴。"), ("user", "还记得吗")], (await bot.Llm.NextRequestAsync()).Messages);
    }

    [Fact]
    public async Task An_answer_that_is_all_unfinished_thought_says_the_model_returned_nothing()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = (_, context) => FakeLlmServer.StreamAnswerAsync(context, "<think>想啊想，还没想完");

        await qq.SendPrivateMessageAsync(30003, "/gpt 难题");

        await bot.Llm.NextRequestAsync();
        Assert.Equal("模型没有返回内容。", await qq.NextSentTextAsync());
    }
}
