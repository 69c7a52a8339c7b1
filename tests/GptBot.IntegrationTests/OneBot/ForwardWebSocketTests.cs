using System.Net.WebSockets;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.OneBot.Transport;
using GptBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.OneBot;

/// <summary>Forward WebSocket (ONEBOT_WS_URLS): GptBot dials an implementation that serves WS itself, and redials after drops.</summary>
[Trait("Category", "Integration")]
public sealed class ForwardWebSocketTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task GptBot_dials_with_the_token_learns_the_self_id_answers_and_redials_after_a_drop()
    {
        await using var implementation = await FakeOneBotServer.StartAsync(selfId: 40004, token: "secret");
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["ONEBOT_WS_URLS"] = $"[\"{implementation.Url}\"]",
            ["ONEBOT_ACCESS_TOKEN"] = "secret",
            ["ONEBOT_RECONNECT_INTERVAL"] = "0.2",
        });

        var first = await implementation.NextConnectionAsync(Quick);
        await first.SendGroupMessageAsync(20002, 30003, "/gpt over forward");
        Assert.EndsWith("over forward", await first.NextSentTextAsync(Quick), StringComparison.Ordinal);
        Assert.Contains(40004L, bot.Services.GetRequiredService<ConnectionRegistry>().ConnectedSelfIds);

        first.Abort();
        var second = await implementation.NextConnectionAsync(Quick);
        await second.SendPrivateMessageAsync(30003, "/gpt after redial");

        Assert.Equal("echo: after redial", await second.NextSentTextAsync(Quick));
        Assert.Equal(0, implementation.Refused);
    }

    [Fact]
    public async Task A_server_side_close_is_followed_by_a_redial()
    {
        await using var implementation = await FakeOneBotServer.StartAsync(selfId: 40005);
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["ONEBOT_WS_URLS"] = implementation.Url,
            ["ONEBOT_RECONNECT_INTERVAL"] = "0.2",
        });

        var first = await implementation.NextConnectionAsync(Quick);
        await first.CloseAsync();
        var second = await implementation.NextConnectionAsync(Quick);
        await second.SendPrivateMessageAsync(30003, "/gpt again");

        Assert.Equal("echo: again", await second.NextSentTextAsync(Quick));
        Assert.NotEqual(WebSocketState.Open, first.State);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_by_the_implementation_and_GptBot_keeps_retrying()
    {
        await using var implementation = await FakeOneBotServer.StartAsync(selfId: 40006, token: "right");
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["ONEBOT_WS_URLS"] = implementation.Url,
            ["ONEBOT_ACCESS_TOKEN"] = "wrong",
            ["ONEBOT_RECONNECT_INTERVAL"] = "0.1",
        });

        await Assert.ThrowsAsync<TimeoutException>(() => implementation.NextConnectionAsync(TimeSpan.FromSeconds(1.5)));

        Assert.True(implementation.Refused >= 2, $"only {implementation.Refused} dials were attempted");
        Assert.Empty(bot.Services.GetRequiredService<ConnectionRegistry>().All);
    }

    [Fact]
    public async Task Reverse_and_forward_connections_feed_the_same_pipeline()
    {
        await using var implementation = await FakeOneBotServer.StartAsync(selfId: 40007);
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["ONEBOT_WS_URLS"] = implementation.Url,
            ["ONEBOT_RECONNECT_INTERVAL"] = "0.2",
        });
        var forward = await implementation.NextConnectionAsync(Quick);
        await using var reverse = await bot.ConnectAsync(10001, OneBotPersona.GoCqhttp);

        await forward.SendPrivateMessageAsync(30003, "/gpt forward");
        await reverse.SendPrivateMessageAsync(30003, "/gpt reverse");

        Assert.Equal("echo: forward", await forward.NextSentTextAsync(Quick));
        Assert.Equal("echo: reverse", await reverse.NextSentTextAsync(Quick));
    }

    [Fact]
    public async Task An_implementation_that_accepts_and_closes_at_once_is_redialled_at_the_interval_and_never_given_up()
    {
        await using var implementation = await FakeOneBotServer.StartAsync(selfId: 40008);
        implementation.AcceptThenClose = true;
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["ONEBOT_WS_URLS"] = implementation.Url,
            ["ONEBOT_RECONNECT_INTERVAL"] = "0.25",
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => implementation.NextConnectionAsync(TimeSpan.FromSeconds(1.5)));
        var dials = implementation.Dials;
        // A tight loop would dial hundreds of times; one dial per interval (plus the ones made while the host started) is right.
        var maxExpected = (int)(watch.Elapsed.TotalSeconds / 0.25) + 3;
        Assert.InRange(dials, 2, maxExpected);

        implementation.AcceptThenClose = false;
        var connection = await implementation.NextConnectionAsync(Quick);
        await connection.SendPrivateMessageAsync(30003, "/gpt finally");
        Assert.Equal("echo: finally", await connection.NextSentTextAsync(Quick));
    }

    [Fact]
    public async Task A_lone_surrogate_in_an_event_keeps_the_forward_connection()
    {
        await using var implementation = await FakeOneBotServer.StartAsync(selfId: 40009);
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["ONEBOT_WS_URLS"] = implementation.Url,
            ["ONEBOT_RECONNECT_INTERVAL"] = "0.2",
        });
        var connection = await implementation.NextConnectionAsync(Quick);

        // language=JSON
        await connection.SendJsonAsync($$"""{"time":{{FakeOneBotPeer.Now}},"self_id":40009,"post_type":"message","message_type":"private","sub_type":"friend","message_id":4201,"user_id":30003,"message":[{"type":"text","data":{"text":"\ud83d"} }],"raw_message":"\ud83d","font":0,"sender":{"user_id":30003,"nickname":"\ud800"} }""");
        await connection.SendPrivateMessageAsync(30003, "/gpt same socket");

        Assert.Equal("echo: same socket", await connection.NextSentTextAsync(Quick));
        Assert.Equal(WebSocketState.Open, connection.State);
        Assert.Equal(1, implementation.Dials);
    }

    [Fact]
    public async Task A_frame_over_the_configured_limit_is_dropped_on_a_forward_connection_too()
    {
        await using var implementation = await FakeOneBotServer.StartAsync(selfId: 40010);
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["ONEBOT_WS_URLS"] = implementation.Url,
            ["ONEBOT_RECONNECT_INTERVAL"] = "0.2",
            ["ONEBOT_MAX_FRAME_BYTES"] = "70000",
            ["GPT_MAX_PROMPT_LENGTH"] = "100000",
            ["GPT_MAX_CONTEXT_TOKENS"] = "1000000",
        });
        var connection = await implementation.NextConnectionAsync(Quick);

        // The fake writes the text twice (message and raw_message): 160 kB against a 70 kB limit.
        await connection.SendPrivateMessageAsync(30003, "/gpt " + new string('x', 80_000));
        await connection.SendPrivateMessageAsync(30003, "/gpt small");

        Assert.Equal("echo: small", await connection.NextSentTextAsync(Quick));
        Assert.DoesNotContain(bot.Llm.Requests, request => request.LastUserContent.Contains("xxx", StringComparison.Ordinal));
        Assert.Equal(WebSocketState.Open, connection.State);
    }

    [Fact]
    public async Task A_forward_connection_to_a_bot_outside_ONEBOT_SELF_IDS_is_closed_and_not_redialled()
    {
        await using var implementation = await FakeOneBotServer.StartAsync(selfId: 40011);
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["ONEBOT_WS_URLS"] = implementation.Url,
            ["ONEBOT_RECONNECT_INTERVAL"] = "0.1",
            ["ONEBOT_SELF_IDS"] = "[10001]",
        });
        var connection = await implementation.NextConnectionAsync(Quick);

        await connection.WaitClosedAsync(Quick);

        Assert.Empty(bot.Services.GetRequiredService<ConnectionRegistry>().All);
        await Assert.ThrowsAsync<TimeoutException>(() => implementation.NextConnectionAsync(TimeSpan.FromSeconds(1)));
    }
}
