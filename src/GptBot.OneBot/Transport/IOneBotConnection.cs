namespace GptBot.OneBot.Transport;

/// <summary>One live socket to an implementation, whichever side dialled. Only the connection itself writes to the socket.</summary>
public interface IOneBotConnection
{
    long SelfId { get; }

    ClientRole Role { get; }

    /// <summary>A short description for logs, e.g. "reverse 127.0.0.1:51234".</summary>
    string Description { get; }

    bool IsOpen { get; }

    /// <summary>The implementation as it named itself (a reverse connection's User-Agent), e.g. "NapCat"; null when it did not.</summary>
    string? Implementation => null;

    /// <summary>When the connection was accepted or dialled; null when unknown.</summary>
    DateTimeOffset? ConnectedAt => null;

    /// <summary>Queues one UTF-8 JSON frame; false when the connection is closed or closing.</summary>
    ValueTask<bool> SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>
    /// True once the connection has ended if <paramref name="frame"/> was queued but never written to the socket, so
    /// the peer cannot have seen it and sending it again elsewhere cannot duplicate it. False when unknown.
    /// </summary>
    bool WasNeverWritten(ReadOnlyMemory<byte> frame) => false;

    /// <summary>Closes with a close frame; the receive side then ends.</summary>
    Task CloseAsync(string reason, CancellationToken cancellationToken);
}
