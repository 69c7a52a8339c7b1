using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using GptBot.OneBot.Protocol;
using GptBot.OneBot.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.OneBot.Actions;

/// <summary>
/// Correlates action calls with their answers by a unique string echo. The waiter is registered before the frame is
/// queued, answers are matched in any order, and every call pending on a socket fails the moment that socket closes.
/// </summary>
public sealed partial class OneBotActionClient(
    ConnectionRegistry registry,
    IOptions<OneBotOptions> options,
    TimeProvider timeProvider,
    ILogger<OneBotActionClient> logger) : IOneBotApi
{
    private readonly ConcurrentDictionary<string, PendingCall> _pending = new();
    private long _nextEcho;

    public int PendingCount => _pending.Count;

    public async Task<ActionResponse> CallAsync(long selfId, string action, Action<Utf8JsonWriter>? writeParams, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.ActionTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var echo = Interlocked.Increment(ref _nextEcho).ToString(CultureInfo.InvariantCulture);
        var frame = BuildFrame(action, writeParams, echo);
        try
        {
            // Delivery is at most once: a frame is sent again on the bot's next connection (within the same
            // ONEBOT_API_TIMEOUT) only when the old socket provably never wrote it. A frame that was written and then
            // lost its socket fails as ConnectionLost, because the implementation may already have acted on it and a
            // resend could post the same message twice.
            while (true)
            {
                IOneBotConnection connection;
                try
                {
                    connection = await registry.WaitForActionConnectionAsync(selfId, linked.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new OneBotActionException(ActionFailureKind.NotConnected, action, selfId, $"bot {selfId} is not connected");
                }

                var call = new PendingCall(connection, action);
                _pending[echo] = call;
                try
                {
                    if (!await connection.SendAsync(frame, linked.Token))
                    {
                        if (connection.IsOpen)
                        {
                            throw new OneBotActionException(ActionFailureKind.ConnectionLost, action, selfId, $"connection of bot {selfId} refused '{action}'");
                        }

                        // It closed before taking the frame: nothing was written, so the next connection may carry it.
                        LogResending(logger, action, selfId, echo);
                        continue;
                    }

                    return await call.Completion.Task.WaitAsync(linked.Token);
                }
                catch (OneBotActionException ex) when (ex.Kind == ActionFailureKind.ConnectionLost && connection.WasNeverWritten(frame))
                {
                    LogResending(logger, action, selfId, echo);
                }
                finally
                {
                    _pending.TryRemove(echo, out _);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogTimeout(logger, action, selfId, echo, options.Value.ActionTimeout.TotalSeconds);
            throw new OneBotActionException(ActionFailureKind.Timeout, action, selfId, $"'{action}' got no answer within {options.Value.ActionTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// Completes the call an answer belongs to. Partial stream frames and unknown echoes are dropped, and so is an answer
    /// arriving on another socket than the call went out on (<paramref name="source"/>, when known): one bot's
    /// implementation cannot complete another bot's calls.
    /// </summary>
    public void OnResponse(ActionResponse response, IOneBotConnection? source = null)
    {
        if (response.Echo is null || !_pending.TryGetValue(response.Echo, out var call)
            || (source is not null && !ReferenceEquals(source, call.Connection)))
        {
            LogUnmatched(logger, response.Echo ?? "(none)", response.Status ?? "(none)");
            return;
        }

        if (response.IsPartialStream)
        {
            return;
        }

        call.Completion.TrySetResult(response);
    }

    /// <summary>Fails every call still waiting on a socket that has just closed.</summary>
    public void OnConnectionClosed(IOneBotConnection connection)
    {
        foreach (var (echo, call) in _pending)
        {
            if (ReferenceEquals(call.Connection, connection))
            {
                call.Completion.TrySetException(new OneBotActionException(
                    ActionFailureKind.ConnectionLost, call.Action, connection.SelfId, $"connection of bot {connection.SelfId} closed while '{call.Action}' (echo {echo}) was pending"));
            }
        }
    }

    internal static ReadOnlyMemory<byte> BuildFrame(string action, Action<Utf8JsonWriter>? writeParams, string echo)
    {
        // The writer asks for room for the worst-case escaping of every string, so a fresh small buffer would grow
        // several times per frame; one reused per thread (this method never awaits) leaves a single exact-size copy.
        var buffer = _frameBuffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = _frameWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OneBotJson.Encoder, SkipValidation = true });
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("action"u8, action);
            writer.WritePropertyName("params"u8);
            writer.WriteStartObject();
            writeParams?.Invoke(writer);
            writer.WriteEndObject();
            writer.WriteString("echo"u8, echo);
            writer.WriteEndObject();
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > MaxRetainedFrameBuffer)
            {
                // A huge frame (a forward message, an image) must not pin its buffer to the thread for ever.
                _frameBuffer = null;
                _frameWriter = null;
            }
        }
    }

    private const int MaxRetainedFrameBuffer = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _frameBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _frameWriter;

    private sealed class PendingCall(IOneBotConnection connection, string action)
    {
        public IOneBotConnection Connection { get; } = connection;

        public string Action { get; } = action;

        public TaskCompletionSource<ActionResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Action {Action} to bot {SelfId} (echo {Echo}) timed out after {Seconds} s")]
    private static partial void LogTimeout(ILogger logger, string action, long selfId, string echo, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection of bot {SelfId} closed before '{Action}' (echo {Echo}) was written; sending it on the next connection")]
    private static partial void LogResending(ILogger logger, string action, long selfId, string echo);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped an action response whose echo {Echo} matches no pending call (status {Status})")]
    private static partial void LogUnmatched(ILogger logger, string echo, string status);
}
