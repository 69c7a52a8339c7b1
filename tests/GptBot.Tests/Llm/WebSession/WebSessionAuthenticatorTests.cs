using GptBot.Chat;
using GptBot.Chat.Dispatch;
using GptBot.Llm;
using GptBot.Llm.WebSession;
using GptBot.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Llm.WebSession;

/// <summary>The authenticator against the fake web backend on loopback (real HTTP), with fake time for its timeout.</summary>
public sealed class WebSessionAuthenticatorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger<WebSessionAuthenticator> _log = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gptbot-unit", Guid.NewGuid().ToString("N"));
    private FakeChatGptWebServer _web = null!;
    private readonly List<HttpClient> _clients = [];

    public async ValueTask InitializeAsync()
    {
        _web = await FakeChatGptWebServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(client => client.Dispose());
        await _web.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_refresh_takes_the_access_token_and_the_rotated_cookie_without_logging_either()
    {
        using var authenticator = Create();

        Assert.True(await authenticator.RefreshAsync(TestContext.Current.CancellationToken));
        Assert.True(await authenticator.RefreshAsync(TestContext.Current.CancellationToken));

        Assert.Equal("sess-0", (await _web.NextSessionRequestAsync()).SessionToken);
        Assert.Equal("sess-1", (await _web.NextSessionRequestAsync()).SessionToken);
        Assert.Equal(new AccessCredential("at-2", 2), authenticator.Current);
        foreach (var secret in new[] { "sess-0", "sess-1", "sess-2", "at-1", "at-2", "initial" })
        {
            Assert.DoesNotContain(secret, _log.Collector.Text(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Concurrent_refusals_of_one_token_share_one_refresh_and_a_late_one_takes_the_new_token()
    {
        using var authenticator = Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _web.SessionHandler = async (request, context) =>
        {
            await release.Task;
            await _web.AnswerSessionAsync(request, context);
        };
        var stale = authenticator.Current;

        var refusals = Enumerable.Range(0, 20).Select(_ => authenticator.RefreshRejectedAsync(stale, TestContext.Current.CancellationToken)).ToArray();
        await _web.NextSessionRequestAsync();
        release.SetResult();

        Assert.All(await Task.WhenAll(refusals), Assert.True);
        Assert.True(await authenticator.RefreshRejectedAsync(stale, TestContext.Current.CancellationToken));
        Assert.Equal(1, _web.SessionCalls);
        Assert.Equal("at-1", authenticator.Current.Token);
    }

    [Fact]
    public async Task A_dead_session_fails_with_a_hint_to_update_the_session_token()
    {
        using var authenticator = Create();
        _web.SessionHandler = (_, context) => context.Response.WriteAsync("{}");

        Assert.False(await authenticator.RefreshAsync(TestContext.Current.CancellationToken));

        Assert.Contains("GPT_SESSION_TOKEN", _log.Collector.Text(), StringComparison.Ordinal);
        Assert.Equal(new AccessCredential("initial", 0), authenticator.Current);
    }

    [Fact]
    public async Task A_hanging_session_endpoint_fails_after_GPT_TIMEOUT()
    {
        using var authenticator = Create();
        _web.SessionHandler = (_, context) => FakeChatGptWebServer.HangAsync(context);

        var refresh = authenticator.RefreshAsync(TestContext.Current.CancellationToken);
        await _web.NextSessionRequestAsync();
        Assert.False(refresh.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(await refresh.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Contains("GPT_TIMEOUT", _log.Collector.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_cookie_stays_with_the_configured_host()
    {
        using var authenticator = Create();
        _web.SessionHandler = (request, context) =>
        {
            if (request.Path == "/api/auth/session")
            {
                context.Response.Redirect("/elsewhere/api/auth/session");
                return Task.CompletedTask;
            }

            return _web.AnswerSessionAsync(request, context);
        };

        Assert.False(await authenticator.RefreshAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, _web.SessionCalls);
        Assert.Contains("302", _log.Collector.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_token_nothing_is_called_and_the_refresh_fails()
    {
        using var authenticator = Create(sessionToken: null);

        Assert.False(await authenticator.RefreshAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, _web.SessionCalls);
    }

    [Fact]
    public async Task Manual_refreshes_take_a_turn_at_the_interval_gate_but_a_refused_conversation_does_not_wait()
    {
        var gate = new RequestIntervalGate(Options.Create(new ChatServiceOptions { MinimalInterval = TimeSpan.FromSeconds(5) }), _time);
        using var authenticator = Create(gate: gate);
        await gate.WaitTurnAsync(TestContext.Current.CancellationToken); // an answer just started

        var refusal = authenticator.RefreshRejectedAsync(authenticator.Current, TestContext.Current.CancellationToken);
        Assert.True(await refusal);
        await _web.NextSessionRequestAsync();

        var manual = authenticator.RefreshAsync(TestContext.Current.CancellationToken);
        Assert.False(await _web.ReceivesSessionRequestWithinAsync(TimeSpan.FromMilliseconds(100)));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await manual.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(2, _web.SessionCalls);
    }

    private WebSessionAuthenticator Create(string? sessionToken = FakeChatGptWebServer.InitialSessionToken, RequestIntervalGate? gate = null)
    {
        var options = new LlmOptions
        {
            Backend = LlmBackend.Web,
            ApiKeys = ["initial"],
            SessionToken = sessionToken,
            BaseUrl = new Uri(_web.BaseUrl),
            RequestTimeout = TimeSpan.FromSeconds(20),
        };
        var file = new WebSessionTokenFile(Path.Combine(_directory, WebSessionTokenFile.FileName), _time, NullLogger<WebSessionTokenFile>.Instance);
        var http = WebSessionHttp.CreateClient(options);
        _clients.Add(http);
        return new WebSessionAuthenticator(new SessionEndpointClient(http, options), file, options, _time, _log, gate);
    }
}
