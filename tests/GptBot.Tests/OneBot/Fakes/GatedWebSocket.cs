using System.Net.WebSockets;

namespace GptBot.Tests.OneBot.Fakes;

/// <summary>
/// A real <see cref="WebSocket"/> whose first send waits at a gate the test opens, and whose receives the test can make
/// fail: it holds the connection's send loop in the middle of a write, or its receive loop on an unexpected error.
/// </summary>
internal sealed class GatedWebSocket(WebSocket inner) : WebSocket
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _receiveFault = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sends;

    /// <summary>Completes when the first send has reached the gate.</summary>
    public TaskCompletionSource FirstSendWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    /// <summary>Lets the held send go on to the real socket.</summary>
    public void Open() => _gate.TrySetResult();

    /// <summary>Every receive from now on fails as a bug in the frame handling would.</summary>
    public void FailReceives() => _receiveFault.TrySetResult();

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _sends) == 1)
        {
            FirstSendWaiting.TrySetResult();
            try
            {
                await _gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The held send stands for one the loop has already started: a real socket checks its state before it
                // looks at the token, so the inner send below decides, as it would without the gate.
            }
        }

        await inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var receiving = inner.ReceiveAsync(buffer, cancellationToken).AsTask();
        if (await Task.WhenAny(receiving, _receiveFault.Task) != receiving)
        {
            throw new InvalidOperationException("receive failed unexpectedly");
        }

        return await receiving;
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => inner.Abort();

    public override void Dispose() => inner.Dispose();
}
