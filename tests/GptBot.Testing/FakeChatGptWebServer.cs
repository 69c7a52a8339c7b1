using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GptBot.Testing;

/// <summary>
/// The ChatGPT web backend (2022-2023) on a loopback port, real HTTP and SSE: <c>GET /api/auth/session</c> takes the
/// session cookie, rotates it and issues an access token; <c>POST /backend-api/conversation</c> checks the bearer token
/// (401 <c>token_expired</c> when it is unknown or expired) and streams cumulative frames mixed with the noise real
/// streams carry (keep-alives, null messages, user echoes, empty parts). <see cref="SessionHandler"/> and
/// <see cref="ConversationHandler"/> script anything else (HTML pages, 429, 5xx, hangs).
/// </summary>
public sealed partial class FakeChatGptWebServer : IAsyncDisposable
{
    public const string SessionCookieName = "__Secure-next-auth.session-token";
    public const string InitialSessionToken = "sess-0";

    private readonly Lock _lock = new();
    private readonly HashSet<string> _validAccessTokens = [];
    private readonly Channel<FakeWebRequest> _sessions = Channel.CreateUnbounded<FakeWebRequest>();
    private readonly Channel<FakeWebRequest> _conversations = Channel.CreateUnbounded<FakeWebRequest>();
    private string _sessionToken = InitialSessionToken;
    private int _serial;
    private int _tokenSerial;
    private int _sessionCalls;
    private int _rejected;
    private LoopbackHost? _host;

    private FakeChatGptWebServer()
    {
    }

    /// <summary>GPT_API_BASEURL for the bot (with the path prefix, if any).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The session token the fake currently accepts (it rotates on every successful session call).</summary>
    public string CurrentSessionToken
    {
        get
        {
            lock (_lock)
            {
                return _sessionToken;
            }
        }
    }

    /// <summary>When true (default) only the latest session token is accepted; an older one gets <c>{}</c>, as a dead session does.</summary>
    public bool RequireLatestSessionToken { get; set; } = true;

    /// <summary>Refuse every access token, even fresh ones (the retry after a refresh fails too).</summary>
    public bool RejectAllAccessTokens { get; set; }

    public int SessionCalls => Volatile.Read(ref _sessionCalls);

    /// <summary>Conversation requests refused with 401.</summary>
    public int RejectedConversations => Volatile.Read(ref _rejected);

    public Func<FakeWebRequest, string> DefaultAnswer { get; set; } = request => "echo: " + request.Prompt;

    /// <summary>Replaces the session endpoint (the request is recorded first).</summary>
    public Func<FakeWebRequest, HttpContext, Task>? SessionHandler { get; set; }

    /// <summary>Replaces the conversation endpoint after the token check passed.</summary>
    public Func<FakeWebRequest, HttpContext, Task>? ConversationHandler { get; set; }

    public static async Task<FakeChatGptWebServer> StartAsync(string pathPrefix = "")
    {
        var server = new FakeChatGptWebServer();
        server._host = await LoopbackHost.StartAsync(app => app.Run(server.RouteAsync), shutdownTimeout: TimeSpan.FromSeconds(2));
        server.BaseUrl = server._host.Address + pathPrefix;
        return server;
    }

    /// <summary>Accepts <paramref name="accessToken"/> from now on (e.g. the bot's GPT_API_KEY).</summary>
    public void AcceptAccessToken(string accessToken)
    {
        lock (_lock)
        {
            _validAccessTokens.Add(accessToken);
        }
    }

    /// <summary>Every access token issued so far expires: the next conversation with it gets 401 token_expired.</summary>
    public void ExpireAccessTokens()
    {
        lock (_lock)
        {
            _validAccessTokens.Clear();
        }
    }

    public Task<FakeWebRequest> NextSessionRequestAsync(TimeSpan? timeout = null) =>
        _sessions.Reader.NextAsync(timeout, () => "the fake web backend received no session request in time");

    public Task<FakeWebRequest> NextConversationRequestAsync(TimeSpan? timeout = null) =>
        _conversations.Reader.NextAsync(timeout, () => "the fake web backend received no conversation request in time");

    public Task<bool> ReceivesSessionRequestWithinAsync(TimeSpan within) => _sessions.Reader.ReceivesWithinAsync(within);

    public Task<bool> ReceivesConversationRequestWithinAsync(TimeSpan within) => _conversations.Reader.ReceivesWithinAsync(within);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (HttpMethods.IsGet(context.Request.Method) && path.EndsWith("/api/auth/session", StringComparison.Ordinal))
        {
            await HandleSessionAsync(context, Record(context, default));
        }
        else if (HttpMethods.IsPost(context.Request.Method) && path.EndsWith("/backend-api/conversation", StringComparison.Ordinal))
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            await HandleConversationAsync(context, Record(context, document.RootElement.Clone()));
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private static FakeWebRequest Record(HttpContext context, JsonElement body) => new(
        context.Request.Path.Value ?? string.Empty,
        context.Request.Headers.Authorization.FirstOrDefault(),
        context.Request.Headers.Cookie.FirstOrDefault(),
        body,
        context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
}
