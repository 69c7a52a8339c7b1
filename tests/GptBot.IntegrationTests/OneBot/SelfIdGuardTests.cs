using System.Net.WebSockets;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.OneBot.Transport;
using GptBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GptBot.IntegrationTests.OneBot;

/// <summary>
/// One shared access token must not let its holder speak as another bot or steal a bot's actions: ONEBOT_SELF_IDS
/// limits which bots may connect (403 before the upgrade), and a bot's split API/Event connections and a Universal one
/// never live side by side (409).
/// </summary>
[Trait("Category", "Integration")]
public sealed class SelfIdGuardTests
{
    [Theory]
    [InlineData("[10001]")]
    [InlineData("10001,10003")]
    public async Task A_second_bot_id_on_the_shared_token_is_refused_with_403_before_the_upgrade(string selfIds)
    {
        var log = new FakeLogCollector();
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["ONEBOT_ACCESS_TOKEN"] = "t", ["ONEBOT_SELF_IDS"] = selfIds }, services: CaptureLog(log));
        await using var owner = await bot.ConnectAsync(10001, OneBotPersona.NapCat, token: "t");

        Assert.Equal(403, await FakeOneBotPeer.TryHandshakeAsync(bot.Port, Headers(10002, "API")));
        Assert.Equal(403, await FakeOneBotPeer.TryHandshakeAsync(bot.Port, Headers(10002, "Universal")));

        await owner.SendPrivateMessageAsync(30003, "/gpt still mine");
        Assert.Equal("echo: still mine", await owner.NextSentTextAsync());
        Assert.Equal([10001L], bot.Services.GetRequiredService<ConnectionRegistry>().ConnectedSelfIds);
        Assert.Contains(log.GetSnapshot(), record => record.Level == LogLevel.Warning
            && record.Message.Contains("HTTP 403: bot 10002 is not in ONEBOT_SELF_IDS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_ONEBOT_SELF_IDS_any_bot_may_connect()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["ONEBOT_ACCESS_TOKEN"] = "t" });

        Assert.Equal(101, await FakeOneBotPeer.TryHandshakeAsync(bot.Port, Headers(10002, "Universal")));
    }

    [Theory]
    [InlineData("API")]
    [InlineData("Event")]
    public async Task A_split_connection_is_refused_with_409_while_the_bot_has_a_live_universal_one(string role)
    {
        var log = new FakeLogCollector();
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["ONEBOT_ACCESS_TOKEN"] = "t" }, services: CaptureLog(log));
        await using var universal = await bot.ConnectAsync(10001, OneBotPersona.NapCat, token: "t");
        await RegisteredAsync(bot, 10001);

        Assert.Equal(409, await FakeOneBotPeer.TryHandshakeAsync(bot.Port, Headers(10001, role)));

        // The bot's own socket noticed nothing and still carries its answers.
        await universal.SendGroupMessageAsync(20002, 30003, "/gpt 还在");
        Assert.EndsWith("还在", await universal.NextSentTextAsync(), StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, universal.State);
        Assert.Contains(log.GetSnapshot(), record => record.Level == LogLevel.Warning
            && record.Message.Contains("HTTP 409: bot 10001 already has a live Universal connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_universal_connection_is_refused_with_409_while_the_bot_has_live_split_ones()
    {
        await using var bot = await TestBot.StartAsync();
        await using var api = await bot.ConnectAsync(10001, OneBotPersona.LagrangeApi);
        await using var events = await bot.ConnectAsync(10001, OneBotPersona.LagrangeEvent);
        await RegisteredAsync(bot, 10001);

        Assert.Equal(409, await FakeOneBotPeer.TryHandshakeAsync(bot.Port, Headers(10001, "Universal")));

        await events.SendGroupMessageAsync(20002, 30003, "/gpt split");
        Assert.EndsWith(": split", await api.NextSentTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_universal_connection_is_gone_the_bot_may_reconnect_split()
    {
        await using var bot = await TestBot.StartAsync();
        var universal = await bot.ConnectAsync(10001, OneBotPersona.NapCat);
        await RegisteredAsync(bot, 10001);
        await universal.CloseAsync();
        await universal.DisposeAsync();
        var registry = bot.Services.GetRequiredService<ConnectionRegistry>();
        await Eventually.TrueAsync(() => registry.All.Count == 0, "the closed connection forgotten");

        await using var api = await bot.ConnectAsync(10001, OneBotPersona.LagrangeApi);
        await using var events = await bot.ConnectAsync(10001, OneBotPersona.LagrangeEvent);
        await events.SendPrivateMessageAsync(30003, "/gpt split now");

        Assert.Equal("echo: split now", await api.NextSentTextAsync());
    }

    /// <summary>Sends what the service logs through <see cref="ILogger"/> to <paramref name="log"/> instead of the console.</summary>
    private static Action<IServiceCollection> CaptureLog(FakeLogCollector log) =>
        services => services.AddSingleton<ILoggerFactory>(new LoggerFactory([new FakeLoggerProvider(log)]));

    /// <summary>The upgrade answers before the server registers the socket; the registry raises no event, so it is polled.</summary>
    private static Task RegisteredAsync(TestBot bot, long selfId)
    {
        var registry = bot.Services.GetRequiredService<ConnectionRegistry>();
        return Eventually.TrueAsync(() => registry.All.Any(connection => connection.SelfId == selfId && connection.IsOpen), $"bot {selfId} registered");
    }

    private static Dictionary<string, string> Headers(long selfId, string role) => new()
    {
        ["X-Self-ID"] = selfId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["X-Client-Role"] = role,
        ["Authorization"] = "Bearer t",
    };
}
