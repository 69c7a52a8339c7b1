using System.Buffers;
using System.Net.WebSockets;

namespace GptBot.OneBot.Transport;

/// <summary>The receive loop (frames assembled up to ONEBOT_MAX_FRAME_BYTES) and the single send loop.</summary>
public sealed partial class WebSocketConnection
{
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
                    await AnswerPeerCloseAsync();
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

                _router.Metrics.FrameIn();
                if (oversized)
                {
                    _router.OnOversizedFrame(this, oversizedLength);
                    oversized = false;
                }
                else
                {
                    // Binary frames are read as UTF-8 JSON too; an implementation that sends them means the same thing.
                    _onFrame(this, buffer.AsMemory(0, length));
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
        var outbox = _outbox.Reader;
        while (_open && await outbox.WaitToReadAsync(cancellationToken))
        {
            // Once closing has started nothing more is taken: whatever is still queued then is known never written.
            if (!_open || !outbox.TryRead(out var frame))
            {
                continue;
            }

            try
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                _router.Metrics.FrameOut();
            }
            catch (Exception ex) when (IsRefusedBeforeWriting(ex))
            {
                // The close frame went first (or the socket was aborted or disposed): the socket checked its state and
                // wrote not a byte of this frame.
                _refusedFrame = frame;
                return;
            }
        }
    }

    /// <summary>
    /// A send the socket turned down before writing anything: its state check failed. A failure during the write
    /// surfaces differently (a premature close or a cancellation), and then part of the frame may have gone out.
    /// </summary>
    private static bool IsRefusedBeforeWriting(Exception exception) =>
        exception is ObjectDisposedException or WebSocketException { WebSocketErrorCode: WebSocketError.InvalidState };
}
