using GptBot.OneBot;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using GptBot.OneBot.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.OneBot.Actions;

/// <summary>The socket drops after a frame was queued: resent only if it was never written (at most once).</summary>
public sealed class UnwrittenFrameResendTests
{
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task A_queued_frame_goes_over_the_next_connection_only_if_it_was_never_written(bool written, bool expectResent)
    {
        var registry = new ConnectionRegistry();
        var client = new OneBotActionClient(registry, Options.Create(new OneBotOptions { ActionTimeout = TimeSpan.FromSeconds(10) }), TimeProvider.System, NullLogger<OneBotActionClient>.Instance);
        var first = new QueueingConnection(written);
        registry.Register(first);

        var call = client.CallAsync(42, "send_msg", null, TestContext.Current.CancellationToken);
        await first.Queued.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        first.Drop();
        registry.Unregister(first);
        client.OnConnectionClosed(first);
        var second = new QueueingConnection(written: true);
        registry.Register(second);

        if (expectResent)
        {
            var frame = await second.Queued.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            Assert.Equal(first.Frame.ToArray(), frame.ToArray());
            client.OnResponse(new ActionResponse("ok", 0, default, null, "1", null));
            Assert.True((await call).IsSuccess);
        }
        else
        {
            var failure = await Assert.ThrowsAsync<OneBotActionException>(() => call);
            Assert.Equal(ActionFailureKind.ConnectionLost, failure.Kind);
            Assert.False(second.Queued.Task.IsCompleted);
        }

        Assert.Equal(0, client.PendingCount);
    }

    private sealed class QueueingConnection(bool written) : IOneBotConnection
    {
        private bool _open = true;

        public TaskCompletionSource<ReadOnlyMemory<byte>> Queued { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ReadOnlyMemory<byte> Frame { get; private set; }

        public long SelfId => 42;

        public ClientRole Role => ClientRole.Universal;

        public string Description => "fake";

        public bool IsOpen => _open;

        public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
        {
            Frame = frame;
            Queued.TrySetResult(frame);
            return ValueTask.FromResult(true);
        }

        public bool WasNeverWritten(ReadOnlyMemory<byte> frame) => !written && frame.Equals(Frame);

        public void Drop() => _open = false;

        public Task CloseAsync(string reason, CancellationToken cancellationToken)
        {
            _open = false;
            return Task.CompletedTask;
        }
    }
}
