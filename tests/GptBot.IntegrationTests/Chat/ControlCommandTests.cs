using GptBot.IntegrationTests.Infrastructure;

namespace GptBot.IntegrationTests.Chat;

/// <summary>/gpt_control for GPT_SUDOERS: each answer, and that nobody else changes anything.</summary>
[Trait("Category", "Integration")]
public sealed class ControlCommandTests
{
    private const long Sudoer = 30003;
    private const long Member = 40004;

    private static Dictionary<string, string?> Settings => new() { ["GPT_SUDOERS"] = "[30003, 50005]" };

    [Fact]
    public async Task Reset_context_in_a_group_clears_that_group_only()
    {
        await using var bot = await TestBot.StartAsync(Settings);
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(20002, Sudoer, "/gpt remember me", card: "Alice");
        await qq.NextSentTextAsync();
        await qq.SendGroupMessageAsync(20003, Sudoer, "/gpt other group", card: "Alice");
        await qq.NextSentTextAsync();

        await qq.SendGroupMessageAsync(20002, Sudoer, "/gpt_control reset_context");
        var answer = await qq.NextCallAsync();
        Assert.Equal("重置20002的上下文成功", answer.Text);
        Assert.Equal(20002, answer.GroupId);

        await qq.SendGroupMessageAsync(20002, Sudoer, "/gpt fresh start", card: "Alice");
        await qq.NextSentTextAsync();
        await qq.SendGroupMessageAsync(20003, Sudoer, "/gpt still here", card: "Alice");
        await qq.NextSentTextAsync();

        await bot.Llm.NextRequestAsync();
        await bot.Llm.NextRequestAsync();
        Assert.Equal([("user", "Alice: fresh start")], (await bot.Llm.NextRequestAsync()).Messages);
        Assert.Equal(3, (await bot.Llm.NextRequestAsync()).Messages.Count);
    }

    [Fact]
    public async Task Reset_context_in_private_names_the_user()
    {
        await using var bot = await TestBot.StartAsync(Settings);
        await using var qq = await bot.ConnectAsync();
        await qq.SendPrivateMessageAsync(Sudoer, "/gpt remember me");
        await qq.NextSentTextAsync();

        await qq.SendPrivateMessageAsync(Sudoer, "/gpt_control reset_context");
        var answer = await qq.NextCallAsync();
        Assert.Equal("重置30003的上下文成功", answer.Text);
        Assert.Equal(Sudoer, answer.UserId);

        await qq.SendPrivateMessageAsync(Sudoer, "/gpt who am i");
        await qq.NextSentTextAsync();
        await bot.Llm.NextRequestAsync();
        Assert.Equal([("user", "who am i")], (await bot.Llm.NextRequestAsync()).Messages);
    }

    [Theory]
    [InlineData("/gpt_control refresh_session", "刷新成功")]
    [InlineData("/gpt_control", "无效命令")]
    [InlineData("/gpt_control reboot", "无效命令")]
    [InlineData("/gpt_control  reset_context  ", "重置20002的上下文成功")]
    public async Task Sudoers_get_the_seeds_answers(string command, string expected)
    {
        await using var bot = await TestBot.StartAsync(Settings);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 50005, command);

        Assert.Equal(expected, await qq.NextSentTextAsync());
    }

    [Theory]
    [InlineData("/gpt_control reset_context")]
    [InlineData("/gpt_control refresh_session")]
    [InlineData("/gpt_control whatever")]
    public async Task Others_get_no_permission_and_nothing_changes(string command)
    {
        await using var bot = await TestBot.StartAsync(Settings);
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(20002, Member, "/gpt remember me", card: "Bob");
        await qq.NextSentTextAsync();

        await qq.SendGroupMessageAsync(20002, Member, command);
        Assert.Equal("没有权限", await qq.NextSentTextAsync());
        await qq.SendPrivateMessageAsync(Member, command);
        Assert.Equal("没有权限", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(20002, Member, "/gpt still remembered?", card: "Bob");
        await qq.NextSentTextAsync();
        await bot.Llm.NextRequestAsync();
        Assert.Equal(
            ["Bob: remember me", "echo: Bob: remember me", "Bob: still remembered?"],
            (await bot.Llm.NextRequestAsync()).Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task Gpt_control_is_never_a_chat_prompt()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_PROBABILITY"] = "1", ["COMMAND_START"] = "[\"/\", \"\"]" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, Member, "/gpt_control reset_context");
        Assert.Equal("没有权限", await qq.NextSentTextAsync());

        // Another member: the first is told of a refusal once a minute.
        await qq.SendGroupMessageAsync(20002, Member + 1, "gpt_control reset_context");
        Assert.Equal("没有权限", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(20002, Member, "gpt sentinel", card: "Bob");
        Assert.Equal("Bob: sentinel", (await bot.Llm.NextRequestAsync()).LastUserContent);
    }
}
