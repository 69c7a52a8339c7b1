using System.Net.WebSockets;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Faults;

/// <summary>
/// A hostile or buggy implementation: whatever arrives on the socket, the connection stays up, the bad frame is
/// skipped, and the next /gpt is answered with the chat's history intact.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OneBotFaultTests
{
    private const long Group = 20002;

    [Fact]
    public async Task Malformed_frames_are_skipped_and_the_bot_keeps_answering()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        foreach (var junk in new[] { "not json", "{", "[1,2,3]", "null", "\"text\"", "{\"post_type\":42}", "{\"echo\":{}}", "\uFEFF{}" })
        {
            await qq.SendJsonAsync(junk);
        }

        await AssertAnswersWithHistoryAsync(bot, qq);
    }

    [Fact]
    public async Task Message_events_with_missing_fields_do_not_crash_the_connection()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        var now = FakeOneBotPeer.Now;
        await qq.SendJsonAsync($$"""{"time":{{now}},"self_id":10001,"post_type":"message","message_type":"group","message":"/gpt no group id","user_id":30003}""");
        await qq.SendJsonAsync($$"""{"time":{{now}},"self_id":10001,"post_type":"message","message_type":"group","group_id":{{Group}},"message":"/gpt no sender"}""");
        await qq.SendJsonAsync($$"""{"self_id":10001,"post_type":"message"}""");
        await qq.SendJsonAsync($$"""{"time":{{now}},"self_id":10001,"post_type":"message","message_type":"private","user_id":30003,"message":[{"type":"text"}] }""");
        await qq.SendJsonAsync($$"""{"time":{{now}},"self_id":10001,"post_type":"message","message_type":"private","user_id":30003,"message":{"weird":true} }""");
        await qq.SendJsonAsync($$"""{"time":{{now}},"self_id":10001,"post_type":"notice"}""");

        await AssertAnswersWithHistoryAsync(bot, qq);
    }

    [Fact]
    public async Task A_ten_megabyte_frame_is_dropped_without_dropping_the_connection()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["ONEBOT_MAX_FRAME_BYTES"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        await qq.SendJsonAsync("{\"post_type\":\"message\",\"raw\":\"" + new string('x', 10 * 1024 * 1024) + "\"}");

        await AssertAnswersWithHistoryAsync(bot, qq);
    }

    [Fact]
    public async Task A_ten_megabyte_frame_under_the_limit_is_parsed_and_skipped()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        await qq.SendJsonAsync("[\"" + new string('y', 10 * 1024 * 1024) + "\"]");

        await AssertAnswersWithHistoryAsync(bot, qq);
    }

    [Fact]
    public async Task Binary_frames_carry_events_like_text_frames()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        var now = FakeOneBotPeer.Now;
        await qq.SendJsonAsync(
            $$"""{"time":{{now}},"self_id":10001,"post_type":"message","message_type":"group","sub_type":"normal","message_id":77,"group_id":{{Group}},"user_id":30003,"message":"/gpt binary","raw_message":"/gpt binary","font":0,"sender":{"user_id":30003,"nickname":"member"} }""",
            WebSocketMessageType.Binary);
        Assert.Equal("echo: member: binary", await qq.NextSentTextAsync());
        await qq.SendJsonAsync("\u0000\u0001\u0002 binary junk", WebSocketMessageType.Binary);

        await AssertAnswersWithHistoryAsync(bot, qq);
    }

    [Fact]
    public async Task A_flood_of_two_thousand_events_leaves_the_bot_answering()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        var now = FakeOneBotPeer.Now;
        for (var i = 0; i < 2000; i++)
        {
            // Chatter from many members and groups, a few heartbeats, and some /gpt spam from one member.
            var json = (i % 10) switch
            {
                0 => $$"""{"time":{{now}},"self_id":10001,"post_type":"meta_event","meta_event_type":"heartbeat","interval":5000,"status":{} }""",
                1 => $$"""{"time":{{now}},"self_id":10001,"post_type":"message","message_type":"group","sub_type":"normal","message_id":{{100000 + i}},"group_id":20999,"user_id":39999,"message":"/gpt spam {{i}}","raw_message":"","font":0,"sender":{"user_id":39999,"nickname":"spammer"} }""",
                _ => $$"""{"time":{{now}},"self_id":10001,"post_type":"message","message_type":"group","sub_type":"normal","message_id":{{100000 + i}},"group_id":{{21000 + (i % 50)}},"user_id":{{40000 + i}},"message":"chatter {{i}}","raw_message":"","font":0,"sender":{"user_id":{{40000 + i}},"nickname":"m"} }""",
            };
            await qq.SendJsonAsync(json);
        }

        await AssertAnswersWithHistoryAsync(bot, qq);

        // The spammer got at most GPT_USER_RATE_LIMIT answers plus one refusal; the flood did not become 200 LLM calls.
        Assert.True(bot.Llm.Requests.Count <= 1 + 10 + 1, $"{bot.Llm.Requests.Count} LLM requests");
    }

    private static async Task AssertAnswersWithHistoryAsync(TestBot bot, FakeOneBotPeer qq)
    {
        var before = bot.Llm.Requests.Count;
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt again");
        var reply = await qq.NextCallAsync(call => call.IsSend && call.GroupId == Group && call.Text.Contains("again", StringComparison.Ordinal));
        Assert.Equal("echo: member: again", reply.Text);
        var request = bot.Llm.Requests.Skip(before).Last(r => r.LastUserContent.EndsWith("again", StringComparison.Ordinal));
        FaultScript.AssertHistoryKept(request, "first");
        Assert.Equal(WebSocketState.Open, qq.State);
    }
}
