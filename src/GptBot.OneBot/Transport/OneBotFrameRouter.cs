using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using Microsoft.Extensions.Logging;

namespace GptBot.OneBot.Transport;

/// <summary>
/// Where both transports deliver their frames: events go to the <see cref="IOneBotEventSink"/>, action answers to the
/// <see cref="OneBotActionClient"/>, and malformed frames to a rate-limited log line. The connection stays open: a frame
/// that cannot be read, or whose handling fails, is skipped and logged, never the end of its socket.
/// </summary>
public sealed partial class OneBotFrameRouter(
    ConnectionRegistry registry,
    OneBotActionClient actions,
    IOneBotEventSink sink,
    OneBotMetrics metrics,
    TimeProvider timeProvider,
    ILogger<OneBotFrameRouter> logger)
{
    /// <summary>Where the connections count their frames.</summary>
    internal OneBotMetrics Metrics => metrics;

    private readonly LogThrottle _malformedLog = new(timeProvider, TimeSpan.FromSeconds(10));
    private readonly LogThrottle _mismatchLog = new(timeProvider, TimeSpan.FromSeconds(60));
    private readonly LogThrottle _conflictLog = new(timeProvider, TimeSpan.FromSeconds(30));

    public void OnFrame(IOneBotConnection connection, ReadOnlyMemory<byte> frame)
    {
        try
        {
            Route(connection, frame);
        }
        catch (Exception ex)
        {
            // A bug behind the sink or the action client must cost one frame, not every bot's connection.
            LogHandlingFailed(logger, connection.Description, connection.SelfId, frame.Length, ex);
        }
    }

    private void Route(IOneBotConnection connection, ReadOnlyMemory<byte> frame)
    {
        var parsed = FrameParser.Parse(frame);
        switch (parsed.Kind)
        {
            case FrameKind.Event:
                if (!connection.Role.CarriesEvents())
                {
                    return;
                }

                var evt = parsed.Event!;
                if (evt.SelfId != connection.SelfId)
                {
                    // The socket decides which bot an event belongs to (NoneBot answers through the connection too):
                    // one account's implementation must not make GptBot speak through another account's socket.
                    if (_mismatchLog.TryEnter(out var held))
                    {
                        LogSelfIdMismatch(logger, connection.Description, connection.SelfId, evt.SelfId, held);
                    }

                    evt = evt with { SelfId = connection.SelfId };
                }

                sink.Publish(evt, connection);
                break;
            case FrameKind.ActionResponse:
                actions.OnResponse(parsed.Response!, connection);
                break;
            default:
                if (_malformedLog.TryEnter(out var suppressed))
                {
                    LogMalformed(logger, connection.Description, connection.SelfId, parsed.Error ?? "unknown", frame.Length, suppressed);
                }

                break;
        }
    }

    public void OnOversizedFrame(IOneBotConnection connection, long length)
    {
        if (_malformedLog.TryEnter(out var suppressed))
        {
            LogOversized(logger, connection.Description, connection.SelfId, length, suppressed);
        }
    }

    /// <summary>
    /// Registers a new connection and starts closing the one it replaced: a half-open old socket can take seconds to
    /// close, and the new connection must start reading at once. <paramref name="replacedClosed"/> is that close (already
    /// complete when nothing was replaced); the caller owns it, runs the new connection meanwhile and awaits it once that
    /// has ended. False, logged as a warning, when the bot has a live connection of the other kind (Universal against
    /// split API/Event): the caller closes the newcomer. It never throws.
    /// </summary>
    public bool TryConnect(IOneBotConnection connection, out Task replacedClosed)
    {
        replacedClosed = Task.CompletedTask;
        if (!registry.TryRegister(connection, out var replaced, out var conflict))
        {
            if (_conflictLog.TryEnter(out var suppressed))
            {
                LogConflict(logger, connection.SelfId, connection.Role, connection.Description, conflict!.Role, conflict.Description, suppressed);
            }

            return false;
        }

        LogConnected(logger, connection.SelfId, connection.Role, connection.Description);
        if (replaced is not null)
        {
            LogReplaced(logger, connection.SelfId, connection.Role, replaced.Description);
            replacedClosed = CloseReplacedAsync(replaced);
        }

        return true;
    }

    private async Task CloseReplacedAsync(IOneBotConnection replaced)
    {
        try
        {
            await replaced.CloseAsync("replaced by a newer connection with the same X-Self-ID", CancellationToken.None);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
        {
            // The old socket ended by itself meanwhile; its own receive loop reports the disconnect.
        }
        catch (Exception ex)
        {
            LogReplacedCloseFailed(logger, replaced.Description, ex);
        }
    }

    public void OnDisconnected(IOneBotConnection connection, string reason)
    {
        registry.Unregister(connection);
        actions.OnConnectionClosed(connection);
        LogDisconnected(logger, connection.SelfId, connection.Role, connection.Description, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a frame from bot {SelfId} ({Connection}): {Error} ({Length} bytes; {Suppressed} similar lines suppressed)")]
    private static partial void LogMalformed(ILogger logger, string connection, long selfId, string error, int length, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot {SelfId} ({Connection}) sent an event for self_id {EventSelfId}; treating it as this connection's bot ({Suppressed} similar lines suppressed)")]
    private static partial void LogSelfIdMismatch(ILogger logger, string connection, long selfId, long eventSelfId, int suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an oversized frame of {Length} bytes from bot {SelfId} ({Connection}); raise ONEBOT_MAX_FRAME_BYTES if it was legitimate ({Suppressed} similar lines suppressed)")]
    private static partial void LogOversized(ILogger logger, string connection, long selfId, long length, int suppressed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a frame of {Length} bytes from bot {SelfId} ({Connection}) failed; skipped it, the connection stays")]
    private static partial void LogHandlingFailed(ILogger logger, string connection, long selfId, int length, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused bot {SelfId}'s {Role} connection ({Connection}): the bot already has a live {LiveRole} connection ({LiveConnection}); an implementation connects either Universal or split API/Event, so this may be someone else using the access token ({Suppressed} similar lines suppressed)")]
    private static partial void LogConflict(ILogger logger, long selfId, ClientRole role, string connection, ClientRole liveRole, string liveConnection, int suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {SelfId} connected as {Role} ({Connection})")]
    private static partial void LogConnected(ILogger logger, long selfId, ClientRole role, string connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot {SelfId} connected again as {Role}; closing the older connection ({Connection})")]
    private static partial void LogReplaced(ILogger logger, long selfId, ClientRole role, string connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the replaced connection {Connection} failed; it ends when its peer goes away")]
    private static partial void LogReplacedCloseFailed(ILogger logger, string connection, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {SelfId} ({Role}, {Connection}) disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, long selfId, ClientRole role, string connection, string reason);
}
