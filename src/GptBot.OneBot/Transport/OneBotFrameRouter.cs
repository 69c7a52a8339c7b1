using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using Microsoft.Extensions.Logging;

namespace GptBot.OneBot.Transport;

/// <summary>
/// Where both transports deliver their frames: events go to the <see cref="IOneBotEventSink"/>, action answers to the
/// <see cref="OneBotActionClient"/>, and malformed frames to a rate-limited log line. The connection stays open.
/// </summary>
public sealed partial class OneBotFrameRouter(
    ConnectionRegistry registry,
    OneBotActionClient actions,
    IOneBotEventSink sink,
    TimeProvider timeProvider,
    ILogger<OneBotFrameRouter> logger)
{
    private readonly LogThrottle _malformedLog = new(timeProvider, TimeSpan.FromSeconds(10));
    private readonly LogThrottle _mismatchLog = new(timeProvider, TimeSpan.FromSeconds(60));

    public void OnFrame(IOneBotConnection connection, ReadOnlyMemory<byte> frame)
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
    /// close, and the new connection must start reading at once. Returns that close (already complete when nothing was
    /// replaced); the caller owns it, runs the new connection meanwhile and awaits it once that has ended. It never throws.
    /// </summary>
    public Task OnConnected(IOneBotConnection connection)
    {
        LogConnected(logger, connection.SelfId, connection.Role, connection.Description);
        if (registry.Register(connection) is not { } replaced)
        {
            return Task.CompletedTask;
        }

        LogReplaced(logger, connection.SelfId, connection.Role, replaced.Description);
        return CloseReplacedAsync(replaced);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {SelfId} connected as {Role} ({Connection})")]
    private static partial void LogConnected(ILogger logger, long selfId, ClientRole role, string connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot {SelfId} connected again as {Role}; closing the older connection ({Connection})")]
    private static partial void LogReplaced(ILogger logger, long selfId, ClientRole role, string connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the replaced connection {Connection} failed; it ends when its peer goes away")]
    private static partial void LogReplacedCloseFailed(ILogger logger, string connection, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {SelfId} ({Role}, {Connection}) disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, long selfId, ClientRole role, string connection, string reason);
}
