using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.OneBot;

/// <summary>The reverse WebSocket handshake: paths, X-Self-ID, access token and role, answered before the upgrade.</summary>
[Trait("Category", "Integration")]
public sealed class HandshakeTests : IAsyncLifetime
{
    private TestBot _open = null!;
    private TestBot _guarded = null!;

    public async ValueTask InitializeAsync()
    {
        _open = await TestBot.StartAsync();
        _guarded = await TestBot.StartAsync(new Dictionary<string, string?> { ["ONEBOT_ACCESS_TOKEN"] = "t" });
    }

    public async ValueTask DisposeAsync()
    {
        await _open.DisposeAsync();
        await _guarded.DisposeAsync();
    }

    [Theory]
    [InlineData("/onebot/v11/ws")]
    [InlineData("/onebot/v11/ws/")]
    [InlineData("/onebot/v11/")]
    [InlineData("/onebot/v11")]
    public async Task NoneBot_paths_accept_the_upgrade(string path) =>
        Assert.Equal(101, await FakeOneBotPeer.TryHandshakeAsync(_open.Port, Headers(role: "Universal"), path));

    [Theory]
    [InlineData("/ws")]
    [InlineData("/onebot/v12/ws")]
    public async Task Other_paths_are_not_found(string path) =>
        Assert.Equal(404, await FakeOneBotPeer.TryHandshakeAsync(_open.Port, Headers(), path));

    [Fact]
    public async Task Missing_self_id_is_refused_with_400() =>
        Assert.Equal(400, await FakeOneBotPeer.TryHandshakeAsync(_open.Port, new Dictionary<string, string> { ["X-Client-Role"] = "Universal" }));

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    public async Task Non_numeric_self_id_is_refused_with_400(string selfId) =>
        Assert.Equal(400, await FakeOneBotPeer.TryHandshakeAsync(_open.Port, new Dictionary<string, string> { ["X-Self-ID"] = selfId }));

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("Bearer x")]
    [InlineData("Token x")]
    public async Task Without_a_configured_token_every_authorization_is_accepted(string? authorization) =>
        Assert.Equal(101, await FakeOneBotPeer.TryHandshakeAsync(_open.Port, Headers(authorization)));

    [Theory]
    [InlineData("Bearer t")]
    [InlineData("bearer t")]
    [InlineData("Token t")]
    [InlineData("TOKEN t")]
    public async Task Right_token_in_any_scheme_case_is_accepted(string authorization) =>
        Assert.Equal(101, await FakeOneBotPeer.TryHandshakeAsync(_guarded.Port, Headers(authorization)));

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    public async Task Missing_token_is_refused_with_401(string? authorization) =>
        Assert.Equal(401, await FakeOneBotPeer.TryHandshakeAsync(_guarded.Port, Headers(authorization)));

    [Theory]
    [InlineData("Bearer x")]
    [InlineData("Token tt")]
    public async Task Wrong_token_is_refused_with_403(string authorization) =>
        Assert.Equal(403, await FakeOneBotPeer.TryHandshakeAsync(_guarded.Port, Headers(authorization)));

    [Fact]
    public async Task Query_access_token_is_accepted_without_a_header()
    {
        Assert.Equal(101, await FakeOneBotPeer.TryHandshakeAsync(_guarded.Port, Headers(), "/onebot/v11/ws?access_token=t"));
        Assert.Equal(403, await FakeOneBotPeer.TryHandshakeAsync(_guarded.Port, Headers(), "/onebot/v11/ws?access_token=x"));
    }

    [Theory]
    [InlineData("universal")]
    [InlineData("Universal")]
    [InlineData("UNIVERSAL")]
    [InlineData("API")]
    [InlineData("Api")]
    [InlineData("api")]
    [InlineData("Event")]
    [InlineData("event")]
    [InlineData(null)]
    public async Task Roles_are_recognised_in_any_case(string? role) =>
        Assert.Equal(101, await FakeOneBotPeer.TryHandshakeAsync(_open.Port, Headers(role: role)));

    [Fact]
    public async Task Unknown_role_is_refused_with_400() =>
        Assert.Equal(400, await FakeOneBotPeer.TryHandshakeAsync(_open.Port, Headers(role: "Observer")));

    [Fact]
    public async Task Every_persona_connects_with_its_own_headers_and_token()
    {
        foreach (var persona in new[] { OneBotPersona.GoCqhttp, OneBotPersona.NapCat, OneBotPersona.Lagrange })
        {
            await using var qq = await _guarded.ConnectAsync(10001, persona, token: "t");
            await qq.SendPrivateMessageAsync(30003, "/gpt " + persona.Name);

            Assert.Equal("echo: " + persona.Name, await qq.NextSentTextAsync());
        }
    }

    [Fact]
    public async Task Upgrade_completes_well_within_NapCats_two_second_handshake_timeout()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var handshakes = Enumerable.Range(0, 20).Select(i => FakeOneBotPeer.TryHandshakeAsync(_guarded.Port, Headers("Bearer t", selfId: 50000 + i)));

        var statuses = await Task.WhenAll(handshakes);

        Assert.All(statuses, status => Assert.Equal(101, status));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"20 parallel upgrades took {watch.Elapsed}");
    }

    private static Dictionary<string, string> Headers(string? authorization = null, string? role = null, long selfId = 10001)
    {
        var headers = new Dictionary<string, string> { ["X-Self-ID"] = selfId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (authorization is not null)
        {
            headers["Authorization"] = authorization;
        }

        if (role is not null)
        {
            headers["X-Client-Role"] = role;
        }

        return headers;
    }
}
