using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Chat;

/// <summary>One context per group (shared by its members), one per private user, one set per bot account.</summary>
[Trait("Category", "Integration")]
public sealed class ContextTests
{
    [Fact]
    public async Task Group_members_share_one_context_and_the_model_sees_who_said_what()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 我叫小明", card: "Alice");
        Assert.Equal("echo: Alice: 我叫小明", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(20002, 40004, "/gpt 他叫什么？", nickname: "Bob");
        Assert.Equal("echo: Bob: 他叫什么？", await qq.NextSentTextAsync());

        await bot.Llm.NextRequestAsync();
        var second = await bot.Llm.NextRequestAsync();
        Assert.Equal(
            [("user", "Alice: 我叫小明"), ("assistant", "echo: Alice: 我叫小明"), ("user", "Bob: 他叫什么？")],
            second.Messages);
    }

    [Fact]
    public async Task Each_group_has_its_own_context()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 第一群", card: "Alice");
        await qq.NextSentTextAsync();
        await qq.SendGroupMessageAsync(20003, 30003, "/gpt 第二群", card: "Alice");
        await qq.NextSentTextAsync();

        await bot.Llm.NextRequestAsync();
        Assert.Equal([("user", "Alice: 第二群")], (await bot.Llm.NextRequestAsync()).Messages);
    }

    [Fact]
    public async Task A_users_private_chat_is_separate_from_their_groups()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt in the group", card: "Alice");
        await qq.NextSentTextAsync();
        await qq.SendPrivateMessageAsync(30003, "/gpt in private");
        Assert.Equal("echo: in private", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt back in the group", card: "Alice");
        await qq.NextSentTextAsync();

        await bot.Llm.NextRequestAsync();
        Assert.Equal([("user", "in private")], (await bot.Llm.NextRequestAsync()).Messages);
        Assert.Equal(
            ["Alice: in the group", "echo: Alice: in the group", "Alice: back in the group"],
            (await bot.Llm.NextRequestAsync()).Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task Two_bot_accounts_in_one_group_keep_separate_contexts()
    {
        await using var bot = await TestBot.StartAsync();
        await using var first = await bot.ConnectAsync(selfId: 10001);
        await using var second = await bot.ConnectAsync(selfId: 10002, persona: OneBotPersona.GoCqhttp);

        await first.SendGroupMessageAsync(20002, 30003, "/gpt to the first bot", card: "Alice");
        Assert.Equal("echo: Alice: to the first bot", await first.NextSentTextAsync());
        await second.SendGroupMessageAsync(20002, 30003, "/gpt to the second bot", card: "Alice");
        Assert.Equal("echo: Alice: to the second bot", await second.NextSentTextAsync());

        await bot.Llm.NextRequestAsync();
        Assert.Equal([("user", "Alice: to the second bot")], (await bot.Llm.NextRequestAsync()).Messages);
        Assert.DoesNotContain(first.Calls, call => call.Text.Contains("second", StringComparison.Ordinal));
    }
}
