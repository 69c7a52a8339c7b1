using System.Net.WebSockets;
using GptBot.OneBot.Protocol;
using Microsoft.Extensions.Logging;

namespace GptBot.OneBot.Transport;

/// <summary>
/// Dials an implementation that serves WebSocket itself (forward WebSocket: NapCat/LLOneBot on 3001, go-cqhttp on
/// 6700) and keeps dialling: every ending, whatever its kind, waits ONEBOT_RECONNECT_INTERVAL and dials again. Each
/// dial is one <see cref="WebSocketConnection"/>, the same as a reverse connection (frame cap, unreadable frames
/// skipped, unwritten frames resent); its bot is learned from the first event, the lifecycle event every
/// implementation sends, and only then is it registered. Dialling ends for good when GptBot itself closed the
/// connection (a newer connection of the same bot replaced it, or the service is stopping) or when ONEBOT_SELF_IDS
/// does not list the bot.
/// </summary>
public sealed partial class ForwardWebSocketDialler : IDisposable
{
    /// <summary>Pings like the reverse side; a peer that does not answer within as long again is dead (half-open TCP).</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly Uri _url;
    private readonly OneBotOptions _options;
    private readonly OneBotFrameRouter _router;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly LogThrottle _dialFailureLog;
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;
    private volatile WebSocketConnection? _current;
    private Dial _dial = new();

    public ForwardWebSocketDialler(Uri url, OneBotOptions options, OneBotFrameRouter router, TimeProvider timeProvider, ILogger logger)
    {
        _url = url;
        _options = options;
        _router = router;
        _timeProvider = timeProvider;
        _logger = logger;

        // A down implementation means a failed dial every ReconnectInterval, forever: log that once in a while only.
        _dialFailureLog = new LogThrottle(timeProvider, TimeSpan.FromSeconds(60));
        Description = $"forward {url.Scheme}://{url.Authority}{url.AbsolutePath}"; // no user:password@ or query token in logs
    }

    public string Description { get; }

    /// <summary>Starts dialling in the background; never throws when the implementation is down.</summary>
    public void Start() => _running = DialLoopAsync(_stopping.Token);

    /// <summary>Stops redialling and closes the current connection with a close frame.</summary>
    public async Task CloseAsync(string reason, CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        if (_current is { } connection)
        {
            await connection.CloseAsync(reason, cancellationToken);
        }

        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task DialLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!await DialOnceAsync(stopping))
                {
                    return;
                }
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // A bug in one connection's handling must not end the redialling for good.
                LogConnectionFailed(_logger, Description, ex);
            }

            try
            {
                await Task.Delay(_options.ReconnectInterval, _timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One dial and the life of its connection; false when dialling should end for good.</summary>
    private async Task<bool> DialOnceAsync(CancellationToken stopping)
    {
        using var socket = new ClientWebSocket();
        if (_options.AccessToken.Length > 0)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _options.AccessToken);
        }

        socket.Options.KeepAliveInterval = KeepAlive;
        socket.Options.KeepAliveTimeout = KeepAlive;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(_url, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            if (_dialFailureLog.TryEnter(out var suppressed))
            {
                LogDialFailed(_logger, Description, ex.Message, suppressed);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        var dial = _dial = new Dial();
        using var connection = new WebSocketConnection(socket, ClientRole.Universal, Description, _router, _options, OnFrame)
        {
            ConnectedAt = _timeProvider.GetUtcNow(),
        };
        _current = connection;
        var reason = "connection failed";
        try
        {
            if (stopping.IsCancellationRequested)
            {
                // Stopped while the dial completed: CloseAsync may have looked for a connection before this one existed.
                await connection.CloseAsync("GptBot stopping", CancellationToken.None);
            }

            // Not tied to stopping: on a graceful stop the socket stays up while answers in flight are delivered, then
            // the stop closes it with a close frame.
            reason = await connection.RunAsync(CancellationToken.None);
        }
        finally
        {
            _current = null;
            if (dial.Registered)
            {
                _router.OnDisconnected(connection, reason);
            }

            await dial.ReplacedClosed;
            await dial.Refusal;
        }

        if (dial.Registered && connection.WasClosedHere)
        {
            LogClosedHere(_logger, Description, connection.SelfId);
            return false;
        }

        if (dial.Registered)
        {
            LogDropped(_logger, Description, reason);
        }
        else if (!dial.Refused && _dialFailureLog.TryEnter(out var suppressed))
        {
            // NapCat accepts a wrong token, answers with a failure and closes: this is how that looks.
            LogDialFailed(_logger, Description, "closed before its first event: " + reason, suppressed);
        }

        return !dial.OutOfList;
    }

    /// <summary>Runs on the connection's receive loop: the first event names the bot, which is then registered.</summary>
    private void OnFrame(WebSocketConnection connection, ReadOnlyMemory<byte> frame)
    {
        var dial = _dial;
        if (dial.Refused)
        {
            return;
        }

        if (!dial.Registered && FrameParser.Parse(frame).Event is { } first)
        {
            connection.IdentifyAs(first.SelfId);
            if (!_options.AcceptsSelfId(first.SelfId))
            {
                LogSelfIdRefused(_logger, Description, first.SelfId);
                dial.OutOfList = true;
                Refuse(dial, connection, "bot not in ONEBOT_SELF_IDS");
                return;
            }

            if (!_router.TryConnect(connection, out var replacedClosed))
            {
                Refuse(dial, connection, "the bot already has a live connection of the other kind");
                return;
            }

            dial.ReplacedClosed = replacedClosed;
            dial.Registered = true;
        }

        _router.OnFrame(connection, frame);
    }

    /// <summary>Closes a connection that may not serve its bot; what it still sends is ignored meanwhile.</summary>
    private static void Refuse(Dial dial, WebSocketConnection connection, string reason)
    {
        dial.Refused = true;
        dial.Refusal = connection.CloseAsync(reason, CancellationToken.None);
    }

    /// <summary>What one dial's connection has come to; written on its receive loop, read once it has ended.</summary>
    private sealed class Dial
    {
        public bool Registered { get; set; }

        public bool Refused { get; set; }

        public bool OutOfList { get; set; }

        public Task ReplacedClosed { get; set; } = Task.CompletedTask;

        public Task Refusal { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not dial {Connection}: {Error} (is the implementation running, is ONEBOT_ACCESS_TOKEN right?); retrying every ONEBOT_RECONNECT_INTERVAL ({Suppressed} similar lines suppressed)")]
    private static partial void LogDialFailed(ILogger logger, string connection, string error, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forward connection {Connection} dropped ({Reason}); redialling")]
    private static partial void LogDropped(ILogger logger, string connection, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forward connection {Connection} of bot {SelfId} was closed by GptBot (a newer connection of the bot replaced it, or the service is stopping); not redialling")]
    private static partial void LogClosedHere(ILogger logger, string connection, long selfId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forward connection {Connection} is bot {SelfId}, which ONEBOT_SELF_IDS does not list; closed it and stopped dialling this URL")]
    private static partial void LogSelfIdRefused(ILogger logger, string connection, long selfId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Forward connection {Connection} failed unexpectedly; redialling")]
    private static partial void LogConnectionFailed(ILogger logger, string connection, Exception exception);
}
