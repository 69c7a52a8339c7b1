using System.Text;
using System.Text.Json;
using GptBot.OneBot;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using GptBot.OneBot.Transport;
using GptBot.Tests.OneBot.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.OneBot.Actions;

/// <summary>Action calls: echo correlation, statuses, timeouts and disconnects.</summary>
[Trait("Category", "Unit")]
public sealed class OneBotActionClientTests
{
    private const long Self = 10001;
    private readonly FakeTimeProvider _time = new();
    private readonly ConnectionRegistry _registry = new();
    private readonly FakeConnection _connection = new(Self);
    private readonly OneBotActionClient _client;

    public OneBotActionClientTests()
    {
        _client = new OneBotActionClient(_registry, Options.Create(new OneBotOptions { ActionTimeout = TimeSpan.FromSeconds(30) }), _time, NullLogger<OneBotActionClient>.Instance);
        _registry.Register(_connection);
    }

    [Fact]
    public async Task Every_call_has_a_unique_string_echo()
    {
        var calls = Enumerable.Range(0, 50).Select(_ => _client.CallAsync(Self, "get_status", null, CancellationToken.None)).ToArray();
        var echoes = new List<string>();
        for (var i = 0; i < calls.Length; i++)
        {
            var frame = await _connection.NextFrameAsync();
            Assert.Equal("get_status", frame.GetProperty("action").GetString());
            Assert.Equal(JsonValueKind.Object, frame.GetProperty("params").ValueKind);
            echoes.Add(frame.GetProperty("echo").GetString()!);
        }

        Assert.Equal(echoes.Count, echoes.Distinct().Count());
        foreach (var echo in echoes)
        {
            Answer($$"""{"status":"ok","retcode":0,"data":null,"echo":"{{echo}}"}""");
        }

        await Task.WhenAll(calls);
        Assert.Equal(0, _client.PendingCount);
    }

    [Fact]
    public async Task Answers_in_any_order_reach_their_own_calls()
    {
        var first = _client.CallAsync(Self, "get_msg", w => w.WriteNumber("message_id", 1), CancellationToken.None);
        var second = _client.CallAsync(Self, "get_msg", w => w.WriteNumber("message_id", 2), CancellationToken.None);
        var echo1 = (await _connection.NextFrameAsync()).GetProperty("echo").GetString();
        var echo2 = (await _connection.NextFrameAsync()).GetProperty("echo").GetString();

        Answer($$"""{"status":"ok","retcode":0,"data":{"message_id":2},"echo":"{{echo2}}"}""");
        Answer($$"""{"status":"ok","retcode":0,"data":{"message_id":1},"echo":"{{echo1}}"}""");

        Assert.Equal(1, (await first).MessageId);
        Assert.Equal(2, (await second).MessageId);
    }

    [Theory]
    [InlineData("""{"status":"ok","retcode":0,"data":{"message_id":-7}}""", true, -7L)]
    [InlineData("""{"status":"async","retcode":1,"data":null}""", true, null)]
    [InlineData("""{"status":"ok","retcode":0,"data":null}""", true, null)]
    [InlineData("""{"status":"ok","retcode":0}""", true, null)]
    [InlineData("""{"status":"ok","retcode":0,"data":{"forward_id":"abc"}}""", true, null)]
    [InlineData("""{"status":"failed","retcode":1200,"data":null,"wording":"Timeout"}""", false, null)]
    [InlineData("""{}""", false, null)]
    [InlineData("""{"retcode":0,"data":{"message_id":1}}""", false, 1L)]
    public async Task Status_decides_success(string answerWithoutEcho, bool success, long? messageId)
    {
        var call = _client.CallAsync(Self, "send_msg", null, CancellationToken.None);
        var echo = (await _connection.NextFrameAsync()).GetProperty("echo").GetString();

        // go-cqhttp's bare {} still carries the echo on a WebSocket.
        Answer(answerWithoutEcho == "{}" ? $$"""{"echo":"{{echo}}"}""" : answerWithoutEcho.Insert(1, $"\"echo\":\"{echo}\","));

        var response = await call;
        Assert.Equal(success, response.IsSuccess);
        Assert.Equal(messageId, response.MessageId);
    }

    [Fact]
    public async Task Failed_answer_is_returned_with_retcode_and_wording()
    {
        var call = _client.CallAsync(Self, "send_msg", null, CancellationToken.None);
        var echo = (await _connection.NextFrameAsync()).GetProperty("echo").GetString();

        Answer($$"""{"status":"failed","retcode":100,"data":null,"msg":"SEND_MSG_API_ERROR","wording":"消息发送失败，可能被风控","echo":"{{echo}}"}""");

        var response = await call;
        Assert.False(response.IsSuccess);
        Assert.Equal(100, response.Retcode);
        Assert.Equal("消息发送失败，可能被风控", response.Wording);
    }

    [Fact]
    public async Task NapCat_stream_frames_do_not_complete_the_call_and_duplicates_are_dropped()
    {
        var call = _client.CallAsync(Self, "get_file", null, CancellationToken.None);
        var echo = (await _connection.NextFrameAsync()).GetProperty("echo").GetString();

        Answer($$"""{"status":"ok","retcode":0,"data":{"type":"stream","data":"part1"},"echo":"{{echo}}","stream":"stream-action"}""");
        Answer($$"""{"status":"ok","retcode":0,"data":{"type":"stream","data":"part2"},"echo":"{{echo}}","stream":"stream-action"}""");
        Assert.False(call.IsCompleted);

        Answer($$"""{"status":"ok","retcode":0,"data":{"type":"response","data":"done"},"echo":"{{echo}}","stream":"stream-action"}""");
        Answer($$"""{"status":"failed","retcode":1200,"data":null,"echo":"{{echo}}","stream":"stream-action"}""");

        var response = await call;
        Assert.True(response.IsSuccess);
        Assert.Equal("response", response.Data.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_echo_is_dropped_and_the_real_answer_still_completes_the_call()
    {
        var call = _client.CallAsync(Self, "send_msg", null, CancellationToken.None);
        var echo = (await _connection.NextFrameAsync()).GetProperty("echo").GetString();

        Answer("""{"status":"ok","retcode":0,"data":{"message_id":9},"echo":"no-such-echo"}""");
        Answer("""{"status":"failed","retcode":1400,"data":null,"echo":null}""");
        Answer("""{"status":"ok","retcode":0,"data":{"message_id":9}}""");
        Assert.False(call.IsCompleted);

        Answer($$"""{"status":"ok","retcode":0,"data":{"message_id":1},"echo":"{{echo}}"}""");
        Assert.Equal(1, (await call).MessageId);
    }

    [Fact]
    public async Task An_answer_from_another_socket_cannot_complete_the_call()
    {
        var call = _client.CallAsync(Self, "send_msg", null, CancellationToken.None);
        var echo = (await _connection.NextFrameAsync()).GetProperty("echo").GetString();
        var otherBot = new FakeConnection(20002);

        _client.OnResponse(Response($$"""{"status":"ok","retcode":0,"data":{"message_id":666},"echo":"{{echo}}"}"""), otherBot);
        Assert.False(call.IsCompleted);

        _client.OnResponse(Response($$"""{"status":"ok","retcode":0,"data":{"message_id":1},"echo":"{{echo}}"}"""), _connection);
        Assert.Equal(1, (await call).MessageId);
    }

    [Fact]
    public async Task A_call_without_an_answer_times_out_with_a_distinct_error()
    {
        var call = _client.CallAsync(Self, "send_msg", null, CancellationToken.None);
        await _connection.NextFrameAsync();

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<OneBotActionException>(() => call);
        Assert.Equal(ActionFailureKind.Timeout, error.Kind);
        Assert.Equal("send_msg", error.Action);
        Assert.Equal(0, _client.PendingCount);
    }

    [Fact]
    public async Task A_closed_connection_fails_its_pending_calls_at_once()
    {
        var call = _client.CallAsync(Self, "send_msg", null, CancellationToken.None);
        await _connection.NextFrameAsync();

        _connection.IsOpen = false;
        _client.OnConnectionClosed(_connection);

        var error = await Assert.ThrowsAsync<OneBotActionException>(() => call.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.Equal(ActionFailureKind.ConnectionLost, error.Kind);
    }

    [Fact]
    public async Task Closing_another_connection_leaves_calls_alone()
    {
        var call = _client.CallAsync(Self, "send_msg", null, CancellationToken.None);
        var echo = (await _connection.NextFrameAsync()).GetProperty("echo").GetString();

        _client.OnConnectionClosed(new FakeConnection(Self));
        Assert.False(call.IsCompleted);

        Answer($$"""{"status":"ok","retcode":0,"data":null,"echo":"{{echo}}"}""");
        Assert.True((await call).IsSuccess);
    }

    [Fact]
    public async Task A_connection_that_refuses_the_frame_fails_the_call()
    {
        _connection.IsOpen = false;
        var closing = new ClosingConnection(Self);
        _registry.Register(closing);

        var error = await Assert.ThrowsAsync<OneBotActionException>(() => _client.CallAsync(Self, "send_msg", null, CancellationToken.None));
        Assert.Equal(ActionFailureKind.ConnectionLost, error.Kind);
    }

    [Fact]
    public async Task A_bot_that_never_connects_fails_as_not_connected_after_the_timeout()
    {
        var call = _client.CallAsync(20002, "send_msg", null, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<OneBotActionException>(() => call);
        Assert.Equal(ActionFailureKind.NotConnected, error.Kind);
    }

    [Fact]
    public async Task A_call_made_while_the_bot_reconnects_goes_out_on_the_new_connection()
    {
        var call = _client.CallAsync(20002, "send_msg", null, CancellationToken.None);
        var reconnected = new FakeConnection(20002);

        _registry.Register(reconnected);
        var echo = (await reconnected.NextFrameAsync()).GetProperty("echo").GetString();
        Answer($$"""{"status":"ok","retcode":0,"data":null,"echo":"{{echo}}"}""");

        Assert.True((await call).IsSuccess);
    }

    [Fact]
    public async Task Split_roles_send_actions_on_the_api_connection()
    {
        var api = new FakeConnection(30003, ClientRole.Api);
        var events = new FakeConnection(30003, ClientRole.Event);
        _registry.Register(events);
        _registry.Register(api);

        var call = _client.CallAsync(30003, "send_msg", null, CancellationToken.None);
        var echo = (await api.NextFrameAsync()).GetProperty("echo").GetString();
        Answer($$"""{"status":"ok","retcode":0,"data":null,"echo":"{{echo}}"}""");

        await call;
        Assert.False(events.TryReadFrame(out _));
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_reported_as_a_timeout()
    {
        using var cancel = new CancellationTokenSource();
        var call = _client.CallAsync(Self, "send_msg", null, cancel.Token);
        await _connection.NextFrameAsync();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(0, _client.PendingCount);
    }

    [Fact]
    public void Frames_carry_params_and_keep_cjk_readable()
    {
        var frame = Encoding.UTF8.GetString(OneBotActionClient.BuildFrame("send_msg", w => w.WriteString("text", "你好\"<"), "42").Span);

        Assert.Equal("""{"action":"send_msg","params":{"text":"你好\"<"},"echo":"42"}""", frame);
    }

    private void Answer(string json) => _client.OnResponse(Response(json));

    private static ActionResponse Response(string json)
    {
        var parsed = FrameParser.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(FrameKind.ActionResponse, parsed.Kind);
        return parsed.Response!;
    }

    /// <summary>A connection that is registered as open but whose socket refuses every frame (it is closing).</summary>
    private sealed class ClosingConnection(long selfId) : IOneBotConnection
    {
        public long SelfId { get; } = selfId;

        public ClientRole Role => ClientRole.Universal;

        public string Description => "closing";

        public bool IsOpen => true;

        public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public Task CloseAsync(string reason, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
