using GptBot.IntegrationTests.Infrastructure;
using GptBot.IntegrationTests.Replies;
using GptBot.Testing;

namespace GptBot.IntegrationTests.OneBot;

/// <summary>
/// Message ids as implementations send them. A missing id, 0 and the placeholder -1 (debug tools send it on every
/// message) mean "no id": such messages are never taken for replays and never quoted. Any other negative id is real
/// (go-cqhttp's ids are int32 hashes, Lagrange's pack two 16-bit numbers) and keeps both.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MessageIdTests
{
    private static readonly Dictionary<string, string?> Quoting = new() { ["GPT_REPLY_QUOTE"] = "true" };

    [Fact]
    public async Task Every_message_with_the_placeholder_id_minus_one_is_answered_and_none_is_quoted()
    {
        await using var bot = await TestBot.StartAsync(Quoting);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 一", messageId: -1);
        var first = await qq.NextCallAsync();
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 二", messageId: -1);
        var second = await qq.NextCallAsync();

        Assert.EndsWith("一", first.Text, StringComparison.Ordinal);
        Assert.EndsWith("二", second.Text, StringComparison.Ordinal);
        Assert.Null(first.QuotedId());
        Assert.Null(second.QuotedId());
    }

    [Fact]
    public async Task Every_private_message_with_the_placeholder_id_is_answered()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt one", messageId: -1);
        Assert.Equal("echo: one", await qq.NextSentTextAsync());
        await qq.SendPrivateMessageAsync(30003, "/gpt two", messageId: -1);

        Assert.Equal("echo: two", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Messages_without_an_id_are_all_answered_and_not_quoted()
    {
        await using var bot = await TestBot.StartAsync(Quoting);
        await using var qq = await bot.ConnectAsync();

        foreach (var text in new[] { "one", "two" })
        {
            // language=JSON
            await qq.SendJsonAsync($$"""{"time":{{FakeOneBotPeer.Now}},"self_id":10001,"post_type":"message","message_type":"group","sub_type":"normal","group_id":20002,"user_id":30003,"message":"/gpt {{text}}","sender":{"user_id":30003,"card":"A"} }""");
            var call = await qq.NextCallAsync();
            Assert.EndsWith(text, call.Text, StringComparison.Ordinal);
            Assert.Null(call.QuotedId());
        }
    }

    [Fact]
    public async Task A_negative_id_from_go_cqhttp_is_quoted_and_its_replay_ignored()
    {
        await using var bot = await TestBot.StartAsync(Quoting);
        await using var qq = await bot.ConnectAsync(persona: OneBotPersona.GoCqhttp);

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 第一次", messageId: -1592382465);
        Assert.Equal(-1592382465, (await qq.NextCallAsync()).QuotedId());
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 第一次", messageId: -1592382465);
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 第二次", messageId: -1592382466);

        // The chat answers in order: the next answer being the new message proves the replay was dropped.
        Assert.EndsWith("第二次", (await qq.NextCallAsync()).Text, StringComparison.Ordinal);
        Assert.Equal(2, bot.Llm.Requests.Count);
    }
}
