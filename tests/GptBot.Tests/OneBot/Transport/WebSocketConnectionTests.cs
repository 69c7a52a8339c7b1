using System.Text;
using GptBot.OneBot;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using GptBot.OneBot.Transport;
using GptBot.Tests.OneBot.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.OneBot.Transport;

/// <summary>
/// The end of a connection over a real loopback WebSocket: every frame handed to it was either written to the socket
/// or is reported never written (so the action client may send it again on the bot's next connection).
/// </summary>
[Trait("Category", "Unit")]
public sealed class WebSocketConnectionTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private readonly ConnectionRegistry _registry = new();
    private readonly OneBotActionClient _actions;
    private readonly OneBotFrameRouter _router;

    public WebSocketConnectionTests()
    {
        _actions = new OneBotActionClient(_registry, Options.Create(new OneBotOptions { ActionTimeout = TimeSpan.FromSeconds(10) }), TimeProvider.System, NullLogger<OneBotActionClient>.Instance);
        _router = new OneBotFrameRouter(_registry, _actions, new NoSink(), new OneBotMetrics(new TestMeters(), _registry), TimeProvider.System, NullLogger<OneBotFrameRouter>.Instance);
    }

    [Fact]
    public async Task A_frame_whose_write_fails_because_the_close_went_first_is_resent_on_the_next_connection()
    {
        using var pair = await LoopbackWebSocketPair.CreateAsync();
        var socket = new GatedWebSocket(pair.Server);
        using var connection = new WebSocketConnection(socket, 42, ClientRole.Universal, "test", _router, new OneBotOptions());
        _registry.Register(connection);
        var implementation = pair.ReceiveUntilClosedAsync();
        var running = connection.RunAsync(CancellationToken.None);

        // The send loop has taken the call's frame and is about to write it when the connection is closed (replaced).
        var call = _actions.CallAsync(42, "send_msg", null, TestContext.Current.CancellationToken);
        await socket.FirstSendWaiting.Task.WaitAsync(Soon, TestContext.Current.CancellationToken);
        await connection.CloseAsync("replaced", TestContext.Current.CancellationToken);
        socket.Open();
        _router.OnDisconnected(connection, await running.WaitAsync(Soon, TestContext.Current.CancellationToken));

        // Not a byte of it went out: the close frame was first. The bot's next connection carries it.
        Assert.Empty(await implementation.WaitAsync(Soon, TestContext.Current.CancellationToken));
        var next = new FakeConnection(42);
        _registry.Register(next);
        var resent = await next.NextFrameAsync();
        Assert.Equal("send_msg", resent.GetProperty("action").GetString());
        _actions.OnResponse(new ActionResponse("ok", 0, default, null, resent.GetProperty("echo").GetString(), null), next);
        Assert.True((await call.WaitAsync(Soon, TestContext.Current.CancellationToken)).IsSuccess);
    }

    [Fact]
    public async Task Frames_still_queued_when_the_close_starts_are_not_taken_and_count_as_never_written()
    {
        using var pair = await LoopbackWebSocketPair.CreateAsync();
        var socket = new GatedWebSocket(pair.Server);
        using var connection = new WebSocketConnection(socket, 42, ClientRole.Universal, "test", _router, new OneBotOptions());
        var implementation = pair.ReceiveUntilClosedAsync();
        var running = connection.RunAsync(CancellationToken.None);
        var first = Frame("first");
        var second = Frame("second");

        Assert.True(await connection.SendAsync(first, TestContext.Current.CancellationToken));
        await socket.FirstSendWaiting.Task.WaitAsync(Soon, TestContext.Current.CancellationToken);
        Assert.True(await connection.SendAsync(second, TestContext.Current.CancellationToken));
        await connection.CloseAsync("stopping", TestContext.Current.CancellationToken);
        socket.Open();
        await running.WaitAsync(Soon, TestContext.Current.CancellationToken);

        var received = await implementation.WaitAsync(Soon, TestContext.Current.CancellationToken);
        foreach (var frame in new[] { first, second })
        {
            var text = Encoding.UTF8.GetString(frame.Span);
            Assert.True(received.Contains(text) != connection.WasNeverWritten(frame), $"{text}: received {received.Contains(text)}, never written {connection.WasNeverWritten(frame)}");
        }

        Assert.False(await connection.SendAsync(Frame("late"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unexpected_receive_failure_still_ends_the_send_loop_and_reports_the_queued_frames()
    {
        using var pair = await LoopbackWebSocketPair.CreateAsync();
        var socket = new GatedWebSocket(pair.Server);
        using var connection = new WebSocketConnection(socket, 42, ClientRole.Universal, "test", _router, new OneBotOptions());
        var running = connection.RunAsync(CancellationToken.None);
        var queued = Frame("queued");
        Assert.True(await connection.SendAsync(Frame("held"), TestContext.Current.CancellationToken));
        await socket.FirstSendWaiting.Task.WaitAsync(Soon, TestContext.Current.CancellationToken);
        Assert.True(await connection.SendAsync(queued, TestContext.Current.CancellationToken));

        socket.FailReceives();

        await Assert.ThrowsAsync<InvalidOperationException>(() => running.WaitAsync(Soon, TestContext.Current.CancellationToken));
        Assert.False(connection.IsOpen);
        Assert.True(connection.WasNeverWritten(queued));
    }

    private static ReadOnlyMemory<byte> Frame(string echo) =>
        Encoding.UTF8.GetBytes($$"""{"action":"send_msg","params":{},"echo":"{{echo}}"}""");

    private sealed class NoSink : IOneBotEventSink
    {
        public void Publish(OneBotEvent oneBotEvent, IOneBotConnection source)
        {
        }
    }
}
