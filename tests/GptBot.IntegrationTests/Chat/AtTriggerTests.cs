using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Chat;

/// <summary>GPT_AT_TRIGGER and GPT_SPEAKER_PREFIX end to end: what makes the bot answer, and what the model reads.</summary>
[Trait("Category", "Integration")]
public sealed class AtTriggerTests
{
    private static readonly Dictionary<string, string?> AtTriggerOn = new() { ["GPT_AT_TRIGGER"] = "true", ["NICKNAME"] = "[\"小助手\"]" };

    [Theory]
    [InlineData("[CQ:at,qq=10001] 今天星期几")]
    [InlineData("今天星期几 [CQ:at,qq=10001]")]
    [InlineData("小助手，今天星期几")]
    public async Task A_group_message_addressed_to_the_bot_is_answered_without_gpt(string message)
    {
        await using var bot = await TestBot.StartAsync(AtTriggerOn);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, message, card: "Alice");

        Assert.Equal("Alice: 今天星期几", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Alice: 今天星期几", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Unaddressed_group_talk_is_ignored_private_talk_is_answered_and_an_addressed_gpt_is_answered_once()
    {
        await using var bot = await TestBot.StartAsync(AtTriggerOn);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "大家好");
        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:at,qq=10001] /gpt 只答一次", card: "Alice");
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt sentinel", card: "Alice");

        Assert.Equal("Alice: 只答一次", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Alice: 只答一次", await qq.NextSentTextAsync());
        Assert.Equal("Alice: sentinel", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Alice: sentinel", await qq.NextSentTextAsync());

        await qq.SendPrivateMessageAsync(30004, "私聊不用命令");
        Assert.Equal("私聊不用命令", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: 私聊不用命令", await qq.NextSentTextAsync());
        Assert.Equal(3, bot.Llm.RequestCount);
    }

    [Fact]
    public async Task Without_the_at_trigger_an_addressed_message_without_gpt_is_ignored_as_before()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:at,qq=10001] 你好");
        await qq.SendPrivateMessageAsync(30003, "你好");
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt sentinel", card: "Alice");

        Assert.Equal("Alice: sentinel", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal(1, bot.Llm.RequestCount);
    }

    [Fact]
    public async Task Without_the_speaker_prefix_the_model_reads_each_members_bare_text_now_and_in_the_history()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_SPEAKER_PREFIX"] = "false" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 我是小明", card: "小明");
        Assert.Equal("我是小明", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: 我是小明", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(20002, 30004, "/gpt 我是谁", card: "小红");
        Assert.Equal(
            [("user", "我是小明"), ("assistant", "echo: 我是小明"), ("user", "我是谁")],
            (await bot.Llm.NextRequestAsync()).Messages);
    }
}
