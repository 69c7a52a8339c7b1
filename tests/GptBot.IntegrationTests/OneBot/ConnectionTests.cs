using System.Net.WebSockets;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Transport;
using GptBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.OneBot;

/// <summary>Connections of QQ implementations: duplicates, split roles, disconnects and hostile frames.</summary>
[Trait("Category", "Integration")]
public sealed class ConnectionTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_second_connection_with_the_same_self_id_replaces_and_closes_the_first()
    {
        await using var bot = await TestBot.StartAsync();
        await using var old = await bot.ConnectAsync(10001, OneBotPersona.NapCat);
        await using var newer = await bot.ConnectAsync(10001, OneBotPersona.GoCqhttp);

        await old.WaitClosedAsync(Soon);
        Assert.NotEqual(WebSocketState.Open, old.State);

        await newer.SendGroupMessageAsync(20002, 30003, "/gpt still here");
        Assert.EndsWith("still here", await newer.NextSentTextAsync(), StringComparison.Ordinal);
        Assert.Single(bot.Services.GetRequiredService<ConnectionRegistry>().All, c => c.SelfId == 10001);
    }

    [Fact]
    public async Task Split_api_and_event_connections_coexist_and_each_carries_its_own_traffic()
    {
        await using var bot = await TestBot.StartAsync();
        await using var api = await bot.ConnectAsync(10001, OneBotPersona.LagrangeApi);
        await using var events = await bot.ConnectAsync(10001, OneBotPersona.LagrangeEvent);

        await events.SendGroupMessageAsync(20002, 30003, "/gpt split");

        Assert.EndsWith(": split", await api.NextSentTextAsync(), StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, api.State);
        Assert.Equal(WebSocketState.Open, events.State);
        Assert.Empty(events.Calls);
    }

    [Fact]
    public async Task Events_sent_on_an_api_connection_are_ignored()
    {
        await using var bot = await TestBot.StartAsync();
        await using var api = await bot.ConnectAsync(10001, OneBotPersona.LagrangeApi);

        await api.SendGroupMessageAsync(20002, 30003, "/gpt wrong socket");

        Assert.False(await api.ReceivesCallWithinAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Empty(bot.Llm.Requests);
    }

    [Fact]
    public async Task A_dropped_connection_fails_pending_calls_at_once()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        qq.Responder = _ => null;
        var api = bot.Services.GetRequiredService<IOneBotApi>();
        var call = api.CallAsync(10001, "get_status", null, CancellationToken.None);
        await qq.NextCallAsync(c => c.Action == "get_status");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        qq.Abort();

        var error = await Assert.ThrowsAsync<OneBotActionException>(() => call.WaitAsync(Soon, TestContext.Current.CancellationToken));
        Assert.Equal(ActionFailureKind.ConnectionLost, error.Kind);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"failed after {watch.Elapsed} (action timeout is 30 s)");
    }

    [Fact]
    public async Task A_cleanly_closed_connection_fails_pending_calls_and_forgets_the_bot()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        qq.Responder = _ => null;
        var call = bot.Services.GetRequiredService<IOneBotApi>().CallAsync(10001, "get_status", null, CancellationToken.None);
        await qq.NextCallAsync(c => c.Action == "get_status");

        await qq.CloseAsync();

        var error = await Assert.ThrowsAsync<OneBotActionException>(() => call.WaitAsync(Soon, TestContext.Current.CancellationToken));
        Assert.Equal(ActionFailureKind.ConnectionLost, error.Kind);
        Assert.Null(bot.Services.GetRequiredService<ConnectionRegistry>().FindActionConnection(10001));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"post_type\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"post_type\":\"message\",\"message_type\":\"private\"}")]
    public async Task Malformed_frames_are_skipped_and_the_connection_stays_usable(string frame)
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendJsonAsync(frame);
        await qq.SendPrivateMessageAsync(30003, "/gpt after garbage");

        Assert.Equal("echo: after garbage", await qq.NextSentTextAsync());
        Assert.Equal(WebSocketState.Open, qq.State);
    }

    [Fact]
    public async Task Binary_frames_are_read_as_json()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendJsonAsync(
            $$"""{"time":{{FakeOneBotPeer.Now}},"self_id":10001,"post_type":"message","message_type":"private","sub_type":"friend","message_id":1,"user_id":30003,"message":"/gpt binary"}""",
            WebSocketMessageType.Binary);

        Assert.Equal("echo: binary", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_frame_over_one_mebibyte_is_handled_and_the_connection_keeps_working()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        var padding = new string('长', 700_000);

        await qq.SendGroupMessageAsync(20002, 30003, "chatter " + padding);
        await qq.SendPrivateMessageAsync(30003, "/gpt after big");

        Assert.Equal("echo: after big", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_frame_over_the_configured_limit_is_dropped_and_the_connection_keeps_working()
    {
        // Long answers stay one message here: this test is about frames, not about splitting replies.
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["ONEBOT_MAX_FRAME_BYTES"] = "70000", ["GPT_MESSAGE_MAX_LENGTH"] = "100000", ["GPT_MAX_PROMPT_LENGTH"] = "100000", ["GPT_MAX_CONTEXT_TOKENS"] = "1000000" });
        await using var qq = await bot.ConnectAsync();

        // The fake peer writes the text twice (message and raw_message): 160 kB against a 70 kB limit, then 60 kB.
        await qq.SendPrivateMessageAsync(30003, "/gpt " + new string('x', 80_000));
        await qq.SendPrivateMessageAsync(30003, "/gpt " + new string('y', 30_000));
        await qq.SendPrivateMessageAsync(30003, "/gpt small");

        var first = await qq.NextSentTextAsync();
        Assert.StartsWith("echo: yyy", first, StringComparison.Ordinal);
        Assert.Equal("echo: small", await qq.NextSentTextAsync());
        Assert.DoesNotContain(bot.Llm.Requests, r => r.LastUserContent.Contains("xxx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lifecycle_event_is_not_required_and_heartbeats_never_break_anything()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await FakeOneBotPeer.ConnectAsync(bot.Port, 10001, OneBotPersona.NapCat, sendLifecycle: false);

        await qq.SendJsonAsync($$"""{"time":{{FakeOneBotPeer.Now}},"self_id":10001,"post_type":"meta_event","meta_event_type":"heartbeat","interval":5000,"status":{"online":null,"good":true} }""");
        await qq.SendJsonAsync($$"""{"time":{{FakeOneBotPeer.Now}},"self_id":10001,"post_type":"meta_event","meta_event_type":"heartbeat","status":{} }""");
        await qq.SendPrivateMessageAsync(30003, "/gpt no lifecycle");

        Assert.Equal("echo: no lifecycle", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Message_sent_notices_requests_and_guild_messages_are_never_answered()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        var now = FakeOneBotPeer.Now;

        await qq.SendJsonAsync($$"""{"time":{{now}},"self_id":10001,"post_type":"message_sent","message_type":"group","sub_type":"normal","message_id":1,"group_id":20002,"user_id":10001,"message":"/gpt loop","raw_message":"/gpt loop","sender":{"user_id":10001} }""");
        await qq.SendJsonAsync($$"""{"time":{{now}},"self_id":10001,"post_type":"message","message_type":"guild","sub_type":"channel","guild_id":"1","channel_id":"2","user_id":"3","message":"/gpt guild"}""");
        await qq.SendJsonAsync($$"""{"time":{{now}},"self_id":10001,"post_type":"notice","notice_type":"group_recall","group_id":20002,"user_id":30003,"operator_id":30003,"message_id":-5}""");
        await qq.SendJsonAsync($$"""{"time":{{now}},"self_id":10001,"post_type":"request","request_type":"friend","user_id":30003,"comment":"/gpt hi","flag":"f"}""");
        await qq.SendGroupMessageAsync(20002, 10001, "/gpt my own message");
        await qq.SendPrivateMessageAsync(30003, "/gpt marker");

        Assert.Equal("echo: marker", await qq.NextSentTextAsync());
        Assert.Single(bot.Llm.Requests);
    }

    [Fact]
    public async Task An_event_claiming_another_bots_self_id_is_answered_on_its_own_socket()
    {
        await using var bot = await TestBot.StartAsync();
        await using var first = await bot.ConnectAsync(10001, OneBotPersona.NapCat);
        await using var second = await bot.ConnectAsync(10002, OneBotPersona.NapCat);

        await first.SendJsonAsync($$"""{"time":{{FakeOneBotPeer.Now}},"self_id":10002,"post_type":"message","message_type":"private","sub_type":"friend","message_id":1,"user_id":30003,"message":"/gpt spoofed"}""");

        Assert.Equal("echo: spoofed", await first.NextSentTextAsync());
        Assert.False(await second.ReceivesCallWithinAsync(TimeSpan.FromMilliseconds(300)));
    }
}
