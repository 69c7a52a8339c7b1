using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Chat;

/// <summary>
/// Who is heard (GPT_ALLOWED_GROUPS, GPT_PRIVATE_CHAT, the block list) and who may use which /gpt_control
/// (GPT_SUDOERS everywhere, a group's owner and admins in their own group with GPT_GROUP_ADMIN_CONTROL), and what
/// member scope does to a group's contexts. An ignored message leaves no trace: the LLM's next request and the chat's
/// next message are those of a sentinel sent after it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChatAccessTests
{
    private const long Sudoer = 30003;
    private const long Member = 40004;
    private const long Admin = 50005;
    private const long GroupA = 20002;
    private const long GroupB = 20003;

    [Theory]
    [InlineData("owner")]
    [InlineData("admin")]
    public async Task With_group_admin_control_a_groups_admins_switch_their_own_group_off(string role)
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_SUDOERS"] = "[30003]", ["GPT_GROUP_ADMIN_CONTROL"] = "true" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(GroupA, Admin, "/gpt_control off", role: role);
        Assert.Equal("已关闭本聊天的回答（命令仍然可用），发送 /gpt_control on 恢复。", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(GroupA, Admin, "/gpt_control status", role: role);
        Assert.StartsWith("状态：关闭", await qq.NextSentTextAsync(), StringComparison.Ordinal);

        await qq.SendGroupMessageAsync(GroupA, Member, "/gpt 被关掉了", card: "Bob");
        await AssertSentinelIsNextAsync(bot, qq, GroupB);
    }

    [Theory]
    [InlineData("false", "admin", GroupA, "/gpt_control off")] // GPT_GROUP_ADMIN_CONTROL off: as before, sudoers only
    [InlineData("true", "member", GroupA, "/gpt_control off")] // an ordinary member
    [InlineData("true", "member", GroupB, "/gpt_control off")] // an admin of group A is a member in group B
    [InlineData("true", "admin", GroupA, "/gpt_control block 40004")] // beyond the group: sudoers only
    [InlineData("true", "admin", GroupA, "/gpt_control reset_context group 20003")]
    [InlineData("true", "admin", GroupA, "/gpt_control refresh_session")]
    public async Task Everyone_else_gets_no_permission_and_nothing_changes(string adminControl, string role, long group, string command)
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_SUDOERS"] = "[30003]", ["GPT_GROUP_ADMIN_CONTROL"] = adminControl });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(group, Admin, command, role: role);
        Assert.Equal("没有权限", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(group, Member, "/gpt 还开着吗", card: "Bob");
        Assert.Equal("Bob: 还开着吗", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Bob: 还开着吗", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(GroupA, Sudoer, "/gpt_control status");
        Assert.StartsWith("状态：开启", await qq.NextSentTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_user_is_ignored_in_every_chat_until_unblocked_and_only_sudoers_block()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_SUDOERS"] = "[30003]", ["GPT_BLOCKED_USERS"] = "60006" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(GroupA, Member, "/gpt_control block 70007");
        Assert.Equal("没有权限", await qq.NextSentTextAsync());
        await qq.SendPrivateMessageAsync(Sudoer, "/gpt_control block 40004");
        Assert.Equal("已屏蔽 40004，机器人在所有聊天中都不再回应他。", await qq.NextSentTextAsync());
        await qq.SendPrivateMessageAsync(Sudoer, "/gpt_control block 30003");
        Assert.Equal("不能屏蔽 GPT_SUDOERS 中的用户。", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(GroupA, Member, "/gpt 我还能说话吗", card: "Bob");
        await qq.SendGroupMessageAsync(GroupB, Member, "/gpt_control status");
        await qq.SendPrivateMessageAsync(Member, "/gpt 私聊呢");
        await qq.SendGroupMessageAsync(GroupA, 60006, "/gpt 配置里屏蔽的", card: "Eve");
        await AssertSentinelIsNextAsync(bot, qq);

        await qq.SendPrivateMessageAsync(Sudoer, "/gpt_control unblock 60006");
        Assert.Equal("60006 是在配置 GPT_BLOCKED_USERS 中屏蔽的，请修改配置并重启后才能解除。", await qq.NextSentTextAsync());
        await qq.SendPrivateMessageAsync(Sudoer, "/gpt_control unblock 40004");
        Assert.Equal("已解除对 40004 的屏蔽。", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(GroupA, Member, "/gpt 又能说话了", card: "Bob");
        Assert.Equal("Bob: 又能说话了", (await bot.Llm.NextRequestAsync()).LastUserContent);
    }

    [Fact]
    public async Task Outside_the_allowed_groups_only_the_sudoers_commands_are_heard()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_SUDOERS"] = "[30003]",
            ["GPT_ALLOWED_GROUPS"] = "[20002]",
            ["GPT_PROBABILITY"] = "1",
        });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(GroupB, Member, "/gpt 这个群不在名单里", card: "Bob");
        await qq.SendGroupMessageAsync(GroupB, Member, "/gpt_control status");
        await qq.SendGroupMessageAsync(GroupB, Sudoer, "随便聊聊", card: "Root");
        await AssertSentinelIsNextAsync(bot, qq);

        await qq.SendGroupMessageAsync(GroupB, Sudoer, "/gpt 管理员来了", card: "Root");
        Assert.Equal("Root: 管理员来了", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Root: 管理员来了", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task With_private_chat_off_only_sudoers_are_answered_in_private()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_SUDOERS"] = "[30003]", ["GPT_PRIVATE_CHAT"] = "false" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(Member, "/gpt 私聊");
        await AssertSentinelIsNextAsync(bot, qq);

        await qq.SendPrivateMessageAsync(Sudoer, "/gpt 我是管理员");
        Assert.Equal("我是管理员", (await bot.Llm.NextRequestAsync()).LastUserContent);
    }

    [Fact]
    public async Task In_member_scope_each_member_has_a_context_of_their_own_and_reset_context_resets_the_askers()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_SUDOERS"] = "[30003]", ["GPT_CONTEXT_SCOPE"] = "member" });
        await using var qq = await bot.ConnectAsync();

        await AskAsync(bot, qq, Member, "Bob", "/gpt 我叫 Bob");
        await AskAsync(bot, qq, Sudoer, "Root", "/gpt 我叫 Root");
        var bobsSecond = await AskAsync(bot, qq, Member, "Bob", "/gpt 我叫什么");
        Assert.Equal(["Bob: 我叫 Bob", "echo: Bob: 我叫 Bob", "Bob: 我叫什么"], bobsSecond.Messages.Select(m => m.Content));

        await qq.SendGroupMessageAsync(GroupA, Sudoer, "/gpt_control reset_context");
        Assert.Equal("重置30003在群20002中的上下文成功", await qq.NextSentTextAsync());
        Assert.Equal(["Root: 我是谁"], (await AskAsync(bot, qq, Sudoer, "Root", "/gpt 我是谁")).Messages.Select(m => m.Content));
        Assert.Equal(5, (await AskAsync(bot, qq, Member, "Bob", "/gpt 还记得吗")).Messages.Count);

        // A group that chose the shared context has one, whatever GPT_CONTEXT_SCOPE says.
        await qq.SendGroupMessageAsync(GroupB, Sudoer, "/gpt_control scope group");
        Assert.Equal("本群改为全群共享一个上下文。", await qq.NextSentTextAsync());
        await AskAsync(bot, qq, Member, "Bob", "/gpt 在 B 群", GroupB);
        Assert.Equal(3, (await AskAsync(bot, qq, Sudoer, "Root", "/gpt 也在 B 群", GroupB)).Messages.Count);
    }

    [Fact]
    public async Task A_sudoer_resets_another_chat_from_a_private_chat()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_SUDOERS"] = "[30003]" });
        await using var qq = await bot.ConnectAsync();
        await AskAsync(bot, qq, Member, "Bob", "/gpt 记住我");
        await AskAsync(bot, qq, Member, "Bob", "/gpt 记住我", GroupB);

        await qq.SendPrivateMessageAsync(Sudoer, "/gpt_control reset_context group 20002");
        Assert.Equal("重置20002的上下文成功", await qq.NextSentTextAsync());

        Assert.Single((await AskAsync(bot, qq, Member, "Bob", "/gpt 新的开始")).Messages);
        Assert.Equal(3, (await AskAsync(bot, qq, Member, "Bob", "/gpt B 群还在", GroupB)).Messages.Count);
    }

    private static async Task<FakeLlmRequest> AskAsync(TestBot bot, FakeOneBotPeer qq, long userId, string card, string text, long group = GroupA)
    {
        await qq.SendGroupMessageAsync(group, userId, text, card: card);
        var request = await bot.Llm.NextRequestAsync();
        await qq.NextSentTextAsync();
        return request;
    }

    /// <summary>Nothing of what was sent before reached the LLM or the chat: the sentinel's request and answer come first.</summary>
    private static async Task AssertSentinelIsNextAsync(TestBot bot, FakeOneBotPeer qq, long group = GroupA)
    {
        await qq.SendGroupMessageAsync(group, Sudoer, "/gpt 哨兵", card: "Root");
        Assert.Equal("Root: 哨兵", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Root: 哨兵", await qq.NextSentTextAsync());
    }
}
