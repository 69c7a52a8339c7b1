using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Websocket.Client;

namespace GptBot.OneBot.Transport;

/// <summary>
/// A connection GptBot dials itself (forward WebSocket: NapCat/LLOneBot on 3001, go-cqhttp on 6700). The bot's self id
/// is learned from the first event (the lifecycle event every implementation sends); Websocket.Client redials after drops.
/// </summary>
public sealed partial class ForwardWebSocketConnection : IOneBotConnection, IDisposable
{
    private readonly WebsocketClient _client;
    private readonly OneBotFrameRouter _router;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly LogThrottle _dialFailureLog;
    private volatile bool _registered;
    private long _selfId;

    public ForwardWebSocketConnection(Uri url, OneBotOptions options, OneBotFrameRouter router, TimeProvider timeProvider, ILogger logger)
    {
        _router = router;
        _logger = logger;

        // A down implementation means a failed dial every ReconnectInterval, forever: log that once in a while only.
        _dialFailureLog = new LogThrottle(timeProvider, TimeSpan.FromSeconds(60));
        Description = "forward " + url.GetLeftPart(UriPartial.Path);
        var token = options.AccessToken;
        _client = new WebsocketClient(url, () =>
        {
            var socket = new ClientWebSocket();
            if (token.Length > 0)
            {
                socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            }

            return socket;
        })
        {
            Name = Description,
            ReconnectTimeout = null,
            ErrorReconnectTimeout = options.ReconnectInterval,
            LostReconnectTimeout = options.ReconnectInterval,
            IsTextMessageConversionEnabled = false,
        };
        _subscriptions.Add(_client.MessageReceived.Subscribe(OnMessage));
        _subscriptions.Add(_client.DisconnectionHappened.Subscribe(info =>
        {
            if (_registered)
            {
                _registered = false;
                LogDropped(_logger, Description, info.Type.ToString(), info.Exception?.Message ?? string.Empty);
                _router.OnDisconnected(this, info.Type.ToString());
            }
            else if (info.Type != DisconnectionType.ByUser && _dialFailureLog.TryEnter(out var suppressed))
            {
                LogDialFailed(_logger, Description, info.Exception?.Message ?? info.Type.ToString(), suppressed);
            }
        }));
    }

    public long SelfId => Interlocked.Read(ref _selfId);

    public ClientRole Role => ClientRole.Universal;

    public string Description { get; }

    public bool IsOpen => _registered && _client.IsRunning;

    public Task StartAsync() => _client.Start();

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            return ValueTask.FromResult(false);
        }

        return ValueTask.FromResult(_client.SendAsText(frame.ToArray()));
    }

    public async Task CloseAsync(string reason, CancellationToken cancellationToken)
    {
        _registered = false;
        await _client.Stop(WebSocketCloseStatus.NormalClosure, reason);
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _client.Dispose();
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
            _ = _router.OnConnectedAsync(this, CancellationToken.None);
        }

        _router.OnFrame(this, bytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not dial {Connection}: {Error} (is the implementation running, is ONEBOT_ACCESS_TOKEN right?); retrying every ONEBOT_RECONNECT_INTERVAL ({Suppressed} similar lines suppressed)")]
    private static partial void LogDialFailed(ILogger logger, string connection, string error, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forward connection {Connection} dropped ({Type}) {Error}; redialling")]
    private static partial void LogDropped(ILogger logger, string connection, string type, string error);
}
