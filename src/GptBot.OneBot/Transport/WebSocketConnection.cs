using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace GptBot.OneBot.Transport;

/// <summary>
/// One <see cref="WebSocket"/> with a receive loop and a single send loop fed by a bounded channel: nothing else
/// writes to the socket. Used for reverse connections accepted by Kestrel.
/// </summary>
public sealed class WebSocketConnection : IOneBotConnection, IDisposable
{
    private const int InitialBufferBytes = 16 * 1024;
    private const int ShrinkAbove = 1024 * 1024;
    private readonly WebSocket _socket;
    private readonly OneBotFrameRouter _router;
    private readonly int _maxFrameBytes;
    private readonly Channel<ReadOnlyMemory<byte>> _outbox;
    private readonly CancellationTokenSource _closing = new();
    private static readonly TimeSpan PeerCloseWait = TimeSpan.FromSeconds(2);
    private volatile bool _open = true;
    private volatile bool _disposed;
    private ReadOnlyMemory<byte>[] _neverWritten = [];

    public WebSocketConnection(WebSocket socket, long selfId, ClientRole role, string description, OneBotFrameRouter router, OneBotOptions options)
    {
        _socket = socket;
        _router = router;
        _maxFrameBytes = options.MaxFrameBytes;
        SelfId = selfId;
        Role = role;
        Description = description;
        _outbox = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long SelfId { get; }

    public ClientRole Role { get; }

    public string Description { get; }

    public bool IsOpen => _open && _socket.State == WebSocketState.Open;

    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (!_open)
        {
            return false;
        }

        try
        {
            await _outbox.Writer.WriteAsync(frame, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    public bool WasNeverWritten(ReadOnlyMemory<byte> frame)
    {
        foreach (var unsent in Volatile.Read(ref _neverWritten))
        {
            if (unsent.Equals(frame))
            {
                return true;
            }
        }

        return false;
    }

    public async Task CloseAsync(string reason, CancellationToken cancellationToken)
    {
        _open = false;
        _outbox.Writer.TryComplete();
        var awaitPeer = false;
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, timeout.Token);
                awaitPeer = _socket.State == WebSocketState.CloseSent;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            _socket.Abort();
        }
        finally
        {
            if (awaitPeer && !_disposed)
            {
                // We started the close: let the receive loop read the peer's answering close frame (it then ends by
                // itself); cancelling it at once would abort the socket and could reset the close frame away.
                try
                {
                    _closing.CancelAfter(PeerCloseWait);
                }
                catch (ObjectDisposedException)
                {
                    // Disposed between the check and the call: the loop has already ended.
                }
            }
            else
            {
                await CancelReceiveAsync();
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _closing.Dispose();
    }

    /// <summary>A replaced connection may be closed after its own loop ended and disposed it; that is not an error.</summary>
    private async Task CancelReceiveAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await _closing.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call: the loop has already ended.
        }
    }

    /// <summary>Runs until the peer goes away or <paramref name="stoppingToken"/> fires; returns why it ended.</summary>
    public async Task<string> RunAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _closing.Token);
        var sending = SendLoopAsync(linked.Token);
        string reason;
        try
        {
            reason = await ReceiveLoopAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            reason = stoppingToken.IsCancellationRequested ? "server stopping" : "closed by server";
        }
        catch (WebSocketException ex)
        {
            reason = "socket error: " + ex.Message;
        }

        _open = false;
        _outbox.Writer.TryComplete();
        await CancelReceiveAsync();
        try
        {
            await sending;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The send loop ends with the socket; its failure is the same disconnect already reported.
        }

        // Frames still queued never reached the socket: the action client may resend them on the bot's next connection.
        var unsent = new List<ReadOnlyMemory<byte>>();
        while (_outbox.Reader.TryRead(out var frame))
        {
            unsent.Add(frame);
        }

        Volatile.Write(ref _neverWritten, unsent.ToArray());
        return reason;
    }

    private async Task<string> ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        try
        {
            var length = 0;
            var oversized = false;
            long oversizedLength = 0;
            while (true)
            {
                // The pool may hand out more than asked for; the limit is ONEBOT_MAX_FRAME_BYTES, not the array size.
                var room = Math.Min(buffer.Length, _maxFrameBytes);
                if (length == room && !oversized)
                {
                    if (length >= _maxFrameBytes)
                    {
                        oversized = true;
                        oversizedLength = length;
                        length = 0;
                    }
                    else
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxFrameBytes));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                        room = Math.Min(buffer.Length, _maxFrameBytes);
                    }
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(length, room - length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync("bye", CancellationToken.None);
                    return $"peer closed ({_socket.CloseStatus?.ToString() ?? "no status"} {_socket.CloseStatusDescription})";
                }

                if (oversized)
                {
                    oversizedLength += result.Count;
                    length = 0;
                }
                else
                {
                    length += result.Count;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (oversized)
                {
                    _router.OnOversizedFrame(this, oversizedLength);
                    oversized = false;
                }
                else
                {
                    // Binary frames are read as UTF-8 JSON too; an implementation that sends them means the same thing.
                    _router.OnFrame(this, buffer.AsMemory(0, length));
                }

                length = 0;
                if (buffer.Length > ShrinkAbove)
                {
                    // One huge frame must not pin a huge buffer for the rest of the connection's life.
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var frame in _outbox.Reader.ReadAllAsync(cancellationToken))
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }
}
