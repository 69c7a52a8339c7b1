using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GptBot.Testing;

/// <summary>
/// A QQ implementation that serves forward WebSocket itself (NapCat/LLOneBot on 3001, go-cqhttp on 6700), on a loopback
/// Kestrel port. It checks <c>Authorization: Bearer &lt;token&gt;</c> (401/403 otherwise, as go-cqhttp answers), sends the
/// lifecycle event on every accepted dial and hands each connection to the test as a <see cref="FakeOneBotPeer"/>.
/// </summary>
public sealed class FakeOneBotServer : IAsyncDisposable
{
    private readonly Channel<FakeOneBotPeer> _connections = Channel.CreateUnbounded<FakeOneBotPeer>();
    private readonly System.Collections.Concurrent.ConcurrentQueue<FakeOneBotPeer> _all = new();
    private int _refused;
    private int _dials;
    private LoopbackHost? _host;

    private FakeOneBotServer(long selfId, string token)
    {
        SelfId = selfId;
        Token = token;
    }

    public long SelfId { get; }

    public string Token { get; }

    /// <summary>ws:// URL to put in ONEBOT_WS_URLS.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Dials refused for a missing or wrong token.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Every upgrade request received, refused or not.</summary>
    public int Dials => Volatile.Read(ref _dials);

    /// <summary>
    /// Plays NapCat/LLOneBot with a bad token: accept the upgrade, send a 1403 failure and close at once. While set,
    /// accepted connections are not handed to the test.
    /// </summary>
    public bool AcceptThenClose { get; set; }

    public static async Task<FakeOneBotServer> StartAsync(long selfId, string token = "", OneBotPersona? persona = null)
    {
        var server = new FakeOneBotServer(selfId, token);
        server._host = await LoopbackHost.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/", context => server.AcceptAsync(context, persona ?? OneBotPersona.NapCat));
        });
        server.Url = server._host.Address.Replace("http://", "ws://", StringComparison.Ordinal) + "/";
        return server;
    }

    /// <summary>Waits for GptBot's next (re)dial and returns the connection, already sent its lifecycle event.</summary>
    public Task<FakeOneBotPeer> NextConnectionAsync(TimeSpan? timeout = null) =>
        _connections.Reader.NextAsync(timeout, () => $"GptBot did not dial {Url} in time ({Refused} dials refused)");

    private async Task AcceptAsync(HttpContext context, OneBotPersona persona)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Interlocked.Increment(ref _dials);
        if (AcceptThenClose)
        {
            using var rejected = await context.WebSockets.AcceptWebSocketAsync();
            var failure = """{"status":"failed","retcode":1403,"data":null,"message":"token verify failed","wording":"token verify failed","echo":null}"""u8.ToArray();
            await rejected.SendAsync(failure, System.Net.WebSockets.WebSocketMessageType.Text, true, context.RequestAborted);
            await rejected.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, "token verify failed", context.RequestAborted);
            return;
        }

        if (Token.Length > 0)
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization != "Bearer " + Token)
            {
                Interlocked.Increment(ref _refused);
                context.Response.StatusCode = authorization.Length == 0 ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
                return;
            }
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var peer = await FakeOneBotPeer.AttachAsync(socket, SelfId, persona);
        _all.Enqueue(peer);
        _connections.Writer.TryWrite(peer);

        // The request lives as long as the socket: Kestrel closes the connection when this returns.
        await peer.Completion;
    }

    public async ValueTask DisposeAsync()
    {
        _connections.Writer.TryComplete();

        // Open sockets would hold Kestrel's shutdown for its whole timeout; end them first.
        foreach (var peer in _all)
        {
            try
            {
                peer.Abort();
            }
            catch (ObjectDisposedException)
            {
                // The test already disposed this one.
            }
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
