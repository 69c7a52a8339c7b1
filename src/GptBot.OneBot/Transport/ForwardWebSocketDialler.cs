using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Websocket.Client;

namespace GptBot.OneBot.Transport;

/// <summary>
/// A connection GptBot dials itself (forward WebSocket: NapCat/LLOneBot on 3001, go-cqhttp on 6700). The bot's self id
/// is learned from the first event (the lifecycle event every implementation sends).
/// </summary>
/// <remarks>
/// Redialling is ours, not Websocket.Client's: its own reconnect redials a server-side close at once, with no pause
/// (a tight loop against NapCat, which accepts a bad token and then closes), and gives up for good when the close
/// arrives before its connect call has returned. Here every ending, whatever its kind, waits ONEBOT_RECONNECT_INTERVAL
/// and dials again with a fresh client.
/// </remarks>
public sealed partial class ForwardWebSocketConnection : IOneBotConnection, IDisposable
{
    private readonly Uri _url;
    private readonly string _token;
    private readonly TimeSpan _reconnectInterval;
    private readonly OneBotFrameRouter _router;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly LogThrottle _dialFailureLog;
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;
    private volatile Task _replacedClosed = Task.CompletedTask;
    private volatile WebsocketClient? _client;
    private volatile bool _registered;
    private long _selfId;

    public ForwardWebSocketConnection(Uri url, OneBotOptions options, OneBotFrameRouter router, TimeProvider timeProvider, ILogger logger)
    {
        _url = url;
        _token = options.AccessToken;
        _reconnectInterval = options.ReconnectInterval;
        _router = router;
        _timeProvider = timeProvider;
        _logger = logger;

        // A down implementation means a failed dial every ReconnectInterval, forever: log that once in a while only.
        _dialFailureLog = new LogThrottle(timeProvider, TimeSpan.FromSeconds(60));
        Description = $"forward {url.Scheme}://{url.Authority}{url.AbsolutePath}"; // no user:password@ or query token in logs
    }

    public long SelfId => Interlocked.Read(ref _selfId);

    public ClientRole Role => ClientRole.Universal;

    public string Description { get; }

    public bool IsOpen => _registered && _client is { IsRunning: true };

    /// <summary>Starts dialling in the background; never throws when the implementation is down.</summary>
    public void Start() => _running = DialLoopAsync(_stopping.Token);

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var client = _client;
        if (!_registered || client is not { IsRunning: true })
        {
            return ValueTask.FromResult(false);
        }

        return ValueTask.FromResult(client.SendAsText(frame.ToArray()));
    }

    public async Task CloseAsync(string reason, CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        if (_client is { } client)
        {
            try
            {
                await client.Stop(WebSocketCloseStatus.NormalClosure, reason);
            }
            catch (Exception ex) when (ex is Websocket.Client.Exceptions.WebsocketException or ObjectDisposedException)
            {
                // The dial loop ended this client meanwhile.
            }
        }

        await _running.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        await _replacedClosed.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task DialLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var ended = new TaskCompletionSource<DisconnectionInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (var client = CreateClient())
            using (client.MessageReceived.Subscribe(OnMessage))
            using (client.DisconnectionHappened.Subscribe(info => ended.TrySetResult(info)))
            {
                _client = client;
                try
                {
                    await client.Start();
                    OnEnded(await ended.Task.WaitAsync(stopping));
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    OnEnded(null);
                    return;
                }
                finally
                {
                    _client = null;
                }
            }

            try
            {
                await Task.Delay(_reconnectInterval, _timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private WebsocketClient CreateClient() => new(_url, () =>
    {
        var socket = new ClientWebSocket();
        if (_token.Length > 0)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _token);
        }

        return socket;
    })
    {
        Name = Description,
        IsReconnectionEnabled = false,
        ReconnectTimeout = null,
        ErrorReconnectTimeout = null,
        LostReconnectTimeout = null,
        IsTextMessageConversionEnabled = false,
    };

    private void OnEnded(DisconnectionInfo? info)
    {
        var type = info?.Type.ToString() ?? "stopping";
        if (_registered)
        {
            _registered = false;
            LogDropped(_logger, Description, type, info?.Exception?.Message ?? string.Empty);
            _router.OnDisconnected(this, type);
        }
        else if (info is not null && info.Type != DisconnectionType.ByUser && _dialFailureLog.TryEnter(out var suppressed))
        {
            LogDialFailed(_logger, Description, info.Exception?.Message ?? type, suppressed);
        }
    }

    private void OnMessage(ResponseMessage message)
    {
        var bytes = message.Binary ?? (message.Text is { } text ? Encoding.UTF8.GetBytes(text) : null);
        if (bytes is null)
        {
            return;
        }

        if (!_registered && Protocol.FrameParser.Parse(bytes).Event is { } first)
        {
            Interlocked.Exchange(ref _selfId, first.SelfId);
            _registered = true;
            _replacedClosed = Task.WhenAll(_replacedClosed, _router.OnConnected(this));
        }

        _router.OnFrame(this, bytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not dial {Connection}: {Error} (is the implementation running, is ONEBOT_ACCESS_TOKEN right?); retrying every ONEBOT_RECONNECT_INTERVAL ({Suppressed} similar lines suppressed)")]
    private static partial void LogDialFailed(ILogger logger, string connection, string error, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forward connection {Connection} dropped ({Type}) {Error}; redialling")]
    private static partial void LogDropped(ILogger logger, string connection, string type, string error);
}
