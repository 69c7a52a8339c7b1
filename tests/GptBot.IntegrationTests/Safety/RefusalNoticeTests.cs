using GptBot.Chat.Dispatch;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.IntegrationTests.Replies;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Safety;

/// <summary>
/// Refusals under a flood, as the chat sees them: a member who keeps being refused hears of it once a minute, not once
/// per message, so the refusals themselves never become the burst that trips QQ's risk control.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RefusalNoticeTests
{
    private const long Group = 20002;
    private const long Stranger = 40004;

    [Fact]
    public async Task Fifty_control_commands_from_a_non_sudoer_get_one_no_permission_and_queue_nothing()
    {
        // Unpaced enough that fifty queued refusals would all arrive within the test's patience.
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_SUDOERS"] = "[30003]",
            ["GPT_MESSAGES_PER_SECOND"] = "100",
        });
        await using var qq = await bot.ConnectAsync();

        for (var i = 0; i < 50; i++)
        {
            await qq.SendGroupMessageAsync(Group, Stranger, "/gpt_control reset_context");
        }

        await qq.SendGroupMessageAsync(Group, 30005, "/gpt after the flood");

        Assert.Equal("没有权限", await qq.NextSentTextAsync());
        Assert.Equal("echo: member: after the flood", await qq.NextSentTextAsync());
        Assert.False(await qq.ReceivesCallWithinAsync(TimeSpan.FromMilliseconds(500)), "a second refusal went out within the minute");
        Assert.Equal(0, bot.Services.GetRequiredService<ChatDispatcher>().Lanes.Pending);
    }

    [Fact]
    public async Task Refusals_in_a_group_quote_the_asker_only_when_reply_quote_is_on()
    {
        await using var plain = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_MAX_PROMPT_LENGTH"] = "5" });
        await using var qq = await plain.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt far too long", messageId: 501);
        var unquoted = await qq.NextCallAsync();
        Assert.Equal("问题太长了（最多 5 字），请缩短后再发。", unquoted.Text);
        Assert.Null(unquoted.QuotedId());

        await using var quoting = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_MAX_PROMPT_LENGTH"] = "5", ["GPT_REPLY_QUOTE"] = "true" });
        await using var qq2 = await quoting.ConnectAsync();
        await qq2.SendGroupMessageAsync(Group, 30003, "/gpt far too long", messageId: 502);
        Assert.Equal(502, (await qq2.NextCallAsync()).QuotedId());
    }
}
