using System.Net.WebSockets;
using System.Threading.Channels;

namespace GptBot.OneBot.Transport;

/// <summary>
/// One <see cref="WebSocket"/> with a receive loop and a single send loop fed by a bounded channel: nothing else
/// writes to the socket. Used for reverse connections accepted by Kestrel and for the forward connections GptBot dials.
/// Every frame handed to it is either written to the socket or, once the connection has ended, reported by
/// <see cref="WasNeverWritten"/>.
/// </summary>
public sealed partial class WebSocketConnection : IOneBotConnection, IDisposable
{
    private const int InitialBufferBytes = 16 * 1024;
    private const int ShrinkAbove = 1024 * 1024;
    private readonly WebSocket _socket;
    private readonly OneBotFrameRouter _router;
    private readonly Action<WebSocketConnection, ReadOnlyMemory<byte>> _onFrame;
    private readonly int _maxFrameBytes;
    private readonly Channel<ReadOnlyMemory<byte>> _outbox;
    private readonly CancellationTokenSource _closing = new();
    private static readonly TimeSpan PeerCloseWait = TimeSpan.FromSeconds(2);
    private volatile bool _open = true;
    private volatile bool _disposed;
    private volatile bool _peerClosed;
    private volatile bool _closedHere;
    private ReadOnlyMemory<byte>[] _neverWritten = [];
    private ReadOnlyMemory<byte>? _refusedFrame;
    private long _selfId;

    /// <summary>A connection whose bot is known from the start (a reverse connection's X-Self-ID).</summary>
    public WebSocketConnection(WebSocket socket, long selfId, ClientRole role, string description, OneBotFrameRouter router, OneBotOptions options)
        : this(socket, role, description, router, options, onFrame: null)
    {
        _selfId = selfId;
    }

    /// <summary>
    /// A connection whose frames go to <paramref name="onFrame"/> instead of straight to the router: a forward
    /// connection learns its bot from the first event and calls <see cref="IdentifyAs"/> before registering.
    /// </summary>
    internal WebSocketConnection(
        WebSocket socket, ClientRole role, string description, OneBotFrameRouter router, OneBotOptions options, Action<WebSocketConnection, ReadOnlyMemory<byte>>? onFrame)
    {
        _socket = socket;
        _router = router;
        _onFrame = onFrame ?? ((connection, frame) => router.OnFrame(connection, frame));
        _maxFrameBytes = options.MaxFrameBytes;
        Role = role;
        Description = description;
        _outbox = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long SelfId => Volatile.Read(ref _selfId);

    public string? Implementation { get; init; }

    public DateTimeOffset? ConnectedAt { get; init; }

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

    /// <summary>Sets the bot once its first event named it; only before the connection is registered.</summary>
    internal void IdentifyAs(long selfId) => Volatile.Write(ref _selfId, selfId);

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

    /// <summary>True once GptBot itself closed the connection (replaced by a newer one, or stopping), not the peer.</summary>
    internal bool WasClosedHere => _closedHere;

    public Task CloseAsync(string reason, CancellationToken cancellationToken)
    {
        _closedHere |= !_peerClosed;
        return CloseCoreAsync(reason, cancellationToken);
    }

    private Task AnswerPeerCloseAsync()
    {
        _peerClosed = true;
        return CloseCoreAsync("bye", CancellationToken.None);
    }

    private async Task CloseCoreAsync(string reason, CancellationToken cancellationToken)
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

    /// <summary>
    /// Runs until the peer goes away or <paramref name="stoppingToken"/> fires; returns why it ended. Whatever ends
    /// the receive loop, even an unexpected exception (which then propagates), the send loop is ended and the frames it
    /// never wrote are recorded before this returns.
    /// </summary>
    public async Task<string> RunAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _closing.Token);
        var sending = SendLoopAsync(linked.Token);
        var reason = "connection failed";
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
        finally
        {
            await EndSendingAsync(sending);
        }

        return reason;
    }

    private async Task EndSendingAsync(Task sending)
    {
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
        finally
        {
            // Frames the socket refused or that were still queued never reached it: the action client may resend them
            // on the bot's next connection.
            var unsent = new List<ReadOnlyMemory<byte>>();
            if (_refusedFrame is { } refused)
            {
                unsent.Add(refused);
            }

            while (_outbox.Reader.TryRead(out var frame))
            {
                unsent.Add(frame);
            }

            Volatile.Write(ref _neverWritten, unsent.ToArray());
        }
    }
}
