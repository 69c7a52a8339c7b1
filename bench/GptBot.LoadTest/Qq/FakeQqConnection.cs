using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace GptBot.LoadTest.Qq;

/// <summary>
/// One reverse-WebSocket connection of a QQ implementation: dials the server with X-Self-ID, X-Client-Role Universal
/// and a Bearer token, sends a lifecycle event and a heartbeat every few seconds, and answers every API call
/// (<c>send_msg</c> with a message id). Each <c>send_msg</c> to a group is reported to the current <see cref="Ledger"/>.
/// </summary>
public sealed class FakeQqConnection : IAsyncDisposable
{
    private const int HeartbeatMs = 5000;
    private readonly ClientWebSocket _socket;
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _loops = Task.CompletedTask;
    private long _nextMessageId = 1_000_000;
    private volatile ReplyLedger? _ledger;

    private FakeQqConnection(ClientWebSocket socket, long selfId)
    {
        _socket = socket;
        SelfId = selfId;
    }

    public long SelfId { get; }

    /// <summary>Where replies are counted; swapped between phases.</summary>
    public ReplyLedger? Ledger
    {
        get => _ledger;
        set => _ledger = value;
    }

    /// <summary>The first bot's QQ id; bot i of a run is <c>FirstSelfId + i</c>, which the stored-conversation seed relies on.</summary>
    public const long FirstSelfId = 10_000;

    /// <summary>Connects <paramref name="count"/> bots, <see cref="FirstSelfId"/> upwards, one after another.</summary>
    public static async Task<List<FakeQqConnection>> ConnectBotsAsync(Uri server, int count, string token)
    {
        var connections = new List<FakeQqConnection>(count);
        for (var i = 0; i < count; i++)
        {
            connections.Add(await ConnectAsync(server, FirstSelfId + i, token, CancellationToken.None));
        }

        return connections;
    }

    /// <summary>Closes every bot of a run.</summary>
    public static async Task DisconnectAllAsync(List<FakeQqConnection> connections)
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    public static async Task<FakeQqConnection> ConnectAsync(Uri server, long selfId, string token, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Self-ID", selfId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        socket.Options.SetRequestHeader("X-Client-Role", "Universal");
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        socket.Options.SetRequestHeader("User-Agent", "OneBot/11");
        await socket.ConnectAsync(server, cancellationToken);
        var connection = new FakeQqConnection(socket, selfId);
        connection._loops = Task.WhenAll(connection.SendLoopAsync(), connection.ReceiveLoopAsync(), connection.HeartbeatLoopAsync());
        connection.Send(EventFrames.Lifecycle(selfId));
        return connection;
    }

    public void Send(byte[] frame) => _outbox.Writer.TryWrite(frame);

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(_stop.Token))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The run is over or the server went away; the ledger shows the consequences as lost requests.
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(HeartbeatMs));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Send(EventFrames.Heartbeat(SelfId, HeartbeatMs));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the connection.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    try
                    {
                        OnCall(buffer.AsSpan(0, length));
                    }
                    catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
                    {
                        // A frame the generator cannot read is the server's bug: say so, keep reading.
                        await Console.Error.WriteLineAsync($"bot {SelfId}: unreadable API call: {ex.Message}");
                    }

                    length = 0;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed: pending requests will be counted as lost.
        }
    }

    private void OnCall(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var action = root.TryGetProperty("action", out var a) ? a.GetString() : null;
        var echo = root.TryGetProperty("echo", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : e.ValueKind == JsonValueKind.Undefined ? null : e.GetRawText();
        var isSend = action is "send_msg" or "send_group_msg";
        Send(EventFrames.Ok(echo, isSend ? Interlocked.Increment(ref _nextMessageId) : null));
        if (!isSend || !root.TryGetProperty("params", out var parameters) || !parameters.TryGetProperty("group_id", out var group))
        {
            return;
        }

        var groupId = group.ValueKind == JsonValueKind.Number ? group.GetInt64() : long.Parse(group.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        _ledger?.OnReply(groupId, TextOf(parameters.GetProperty("message")));
    }

    private static string TextOf(JsonElement message)
    {
        if (message.ValueKind == JsonValueKind.String)
        {
            return message.GetString()!;
        }

        var text = new StringBuilder();
        foreach (var segment in message.EnumerateArray())
        {
            if (segment.GetProperty("type").ValueEquals("text"u8))
            {
                text.Append(segment.GetProperty("data").GetProperty("text").GetString());
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bench done", timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            _socket.Abort();
        }

        await _stop.CancelAsync();
        await _loops;
        _socket.Dispose();
        _stop.Dispose();
    }
}
