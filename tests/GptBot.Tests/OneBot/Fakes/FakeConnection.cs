using System.Text.Json;
using System.Threading.Channels;
using GptBot.OneBot.Transport;

namespace GptBot.Tests.OneBot.Fakes;

/// <summary>An in-memory <see cref="IOneBotConnection"/> that records every frame the action client queues.</summary>
internal sealed class FakeConnection(long selfId, ClientRole role = ClientRole.Universal) : IOneBotConnection
{
    private readonly Channel<JsonElement> _frames = Channel.CreateUnbounded<JsonElement>();

    public long SelfId { get; } = selfId;

    public ClientRole Role { get; } = role;

    public string Description => "fake";

    public bool IsOpen { get; set; } = true;

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            return ValueTask.FromResult(false);
        }

        using var document = JsonDocument.Parse(frame);
        _frames.Writer.TryWrite(document.RootElement.Clone());
        return ValueTask.FromResult(true);
    }

    public Task CloseAsync(string reason, CancellationToken cancellationToken)
    {
        IsOpen = false;
        return Task.CompletedTask;
    }

    /// <summary>The next frame sent, waiting at most five seconds of real time.</summary>
    public async Task<JsonElement> NextFrameAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _frames.Reader.ReadAsync(timeout.Token);
    }

    public bool TryReadFrame(out JsonElement frame) => _frames.Reader.TryRead(out frame);
}
