using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace GptBot.Testing;

/// <summary>An action call the bot made, as the implementation received it.</summary>
public sealed record ApiCall(string Action, JsonElement Params, string? Echo)
{
    /// <summary>The concatenated text of the <c>message</c> parameter's text segments.</summary>
    public string Text => Params.TryGetProperty("message", out var message) ? FakeOneBotPeer.TextOf(message) : string.Empty;

    public long? GroupId => Params.TryGetProperty("group_id", out var id) ? id.GetInt64() : null;

    public long? UserId => Params.TryGetProperty("user_id", out var id) ? id.GetInt64() : null;

    public string? MessageType => Params.TryGetProperty("message_type", out var type) ? type.GetString() : null;

    public bool IsSend => Action is "send_msg" or "send_group_msg" or "send_private_msg";
}

/// <summary>
/// A QQ implementation on a real <see cref="ClientWebSocket"/> that dials the bot's reverse endpoint, sends events
/// (string or array format, per persona) and answers every action call (by default: success with a new message id).
/// </summary>
public sealed class FakeOneBotPeer : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<ApiCall> _calls = Channel.CreateUnbounded<ApiCall>();
    private readonly ConcurrentQueue<ApiCall> _all = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _receiving = Task.CompletedTask;
    // Shared by every peer: message ids are unique per account, and GptBot ignores a replayed (self_id, message_id).
    private static int _nextMessageId = 1000;

    private FakeOneBotPeer(WebSocket socket, long selfId, OneBotPersona persona)
    {
        _socket = socket;
        SelfId = selfId;
        Persona = persona;
    }

    public long SelfId { get; }

    public OneBotPersona Persona { get; }

    /// <summary>Decides the answer to each call: return the JSON object to send back (without echo), or null to stay silent.</summary>
    public Func<ApiCall, JsonObject?> Responder { get; set; } = DefaultResponder;

    /// <summary>
    /// Answers a call with a frame written by hand, sent as it is (e.g. JSON text a serializer would refuse to write);
    /// null falls back to <see cref="Responder"/>.
    /// </summary>
    public Func<ApiCall, string?>? RawResponder { get; set; }

    public IReadOnlyCollection<ApiCall> Calls => _all.ToArray();

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<FakeOneBotPeer> ConnectAsync(
        int port, long selfId, OneBotPersona persona, string? token = null, string path = "/onebot/v11/ws", string? query = null, bool sendLifecycle = true)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Self-ID", selfId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Implementations name themselves in the User-Agent; the console shows it beside the bot.
        socket.Options.SetRequestHeader("User-Agent", persona.Name + "/fake");
        if (persona.Role is { } role)
        {
            socket.Options.SetRequestHeader("X-Client-Role", role);
        }

        if (persona.Authorization(token) is { } authorization)
        {
            socket.Options.SetRequestHeader("Authorization", authorization);
        }

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{path}{query}"), CancellationToken.None);
        return await AttachAsync(socket, selfId, persona, sendLifecycle);
    }

    /// <summary>Plays the implementation on an already open socket (the server side of a forward connection).</summary>
    public static async Task<FakeOneBotPeer> AttachAsync(WebSocket socket, long selfId, OneBotPersona persona, bool sendLifecycle = true)
    {
        var peer = new FakeOneBotPeer(socket, selfId, persona);
        peer._receiving = peer.ReceiveLoopAsync();
        if (sendLifecycle && persona.Role != "Api")
        {
            await peer.SendJsonAsync($$"""{"time":{{Now}},"self_id":{{selfId}},"post_type":"meta_event","meta_event_type":"lifecycle","sub_type":"connect"}""");
        }

        return peer;
    }

    /// <summary>Completes when the connection has ended, from either side.</summary>
    public Task Completion => _receiving;

    /// <summary>Tries an upgrade and returns the HTTP status the server answered (101 on success).</summary>
    public static async Task<int> TryHandshakeAsync(int port, IReadOnlyDictionary<string, string> headers, string path = "/onebot/v11/ws")
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var (name, value) in headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        try
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{path}"), CancellationToken.None);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "probe", CancellationToken.None);
            return 101;
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Sends a group message event. <paramref name="message"/> is a CQ string; array personas send it as segments.</summary>
    /// <param name="role">The sender's <c>sender.role</c> in the group: <c>member</c>, <c>admin</c> or <c>owner</c>.</param>
    public Task SendGroupMessageAsync(long groupId, long userId, string message, long? messageId = null, string nickname = "member", string card = "", string role = "member")
    {
        var id = messageId ?? Interlocked.Increment(ref _nextMessageId);
        var body = $$"""{"time":{{Now}},"self_id":{{SelfId}},"post_type":"message","message_type":"group","sub_type":"normal","message_id":{{id}},"group_id":{{groupId}},"user_id":{{userId}},"anonymous":null,"message":{{MessageJson(message)}},"raw_message":{{JsonSerializer.Serialize(message)}},"font":0,"sender":{"user_id":{{userId}},"nickname":{{JsonSerializer.Serialize(nickname)}},"card":{{JsonSerializer.Serialize(card)}},"role":{{JsonSerializer.Serialize(role)}}} }""";
        return SendJsonAsync(body);
    }

    public Task SendPrivateMessageAsync(long userId, string message, long? messageId = null, string nickname = "friend")
    {
        var id = messageId ?? Interlocked.Increment(ref _nextMessageId);
        var body = $$"""{"time":{{Now}},"self_id":{{SelfId}},"post_type":"message","message_type":"private","sub_type":"friend","message_id":{{id}},"user_id":{{userId}},"message":{{MessageJson(message)}},"raw_message":{{JsonSerializer.Serialize(message)}},"font":0,"sender":{"user_id":{{userId}},"nickname":{{JsonSerializer.Serialize(nickname)}} } }""";
        return SendJsonAsync(body);
    }

    public async Task SendJsonAsync(string json, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json), type, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Waits for the next action call matching <paramref name="predicate"/> (default: any send), skipping others.</summary>
    public async Task<ApiCall> NextCallAsync(Func<ApiCall, bool>? predicate = null, TimeSpan? timeout = null)
    {
        predicate ??= call => call.IsSend;
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var call = await _calls.Reader.ReadAsync(cts.Token);
                if (predicate(call))
                {
                    return call;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Persona.Name} peer {SelfId} saw no matching action call in time");
        }
    }

    /// <summary>The text of the next message the bot sends.</summary>
    public async Task<string> NextSentTextAsync(TimeSpan? timeout = null) => (await NextCallAsync(null, timeout)).Text;

    /// <summary>True if a matching call arrives within <paramref name="within"/> (use to prove nothing was sent).</summary>
    public async Task<bool> ReceivesCallWithinAsync(TimeSpan within, Func<ApiCall, bool>? predicate = null)
    {
        try
        {
            await NextCallAsync(predicate, within);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        await _receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Drops the connection without a close handshake, as a crashed implementation would.</summary>
    public void Abort() => _socket.Abort();

    /// <summary>Waits until the server has closed this connection.</summary>
    public async Task WaitClosedAsync(TimeSpan? timeout = null) => await _receiving.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public static JsonObject DefaultResponder(ApiCall call) => call.Action switch
    {
        "get_msg" => Failed(100, "MSG_NOT_FOUND"),
        _ => Ok(new JsonObject { ["message_id"] = Random.Shared.Next(1, int.MaxValue) }),
    };

    public static JsonObject Ok(JsonNode? data) => new() { ["status"] = "ok", ["retcode"] = 0, ["data"] = data, ["message"] = string.Empty };

    public static JsonObject Failed(int retcode, string wording) => new() { ["status"] = "failed", ["retcode"] = retcode, ["data"] = null, ["message"] = wording, ["wording"] = wording };

    public static string TextOf(JsonElement message) => message.ValueKind switch
    {
        JsonValueKind.String => message.GetString()!,
        JsonValueKind.Array => string.Concat(message.EnumerateArray()
            .Where(segment => segment.GetProperty("type").GetString() == "text")
            .Select(segment => segment.GetProperty("data").GetProperty("text").GetString())),
        _ => string.Empty,
    };

    private string MessageJson(string cqMessage) => Persona.StringFormat ? JsonSerializer.Serialize(cqMessage) : CqArrayJson(cqMessage);

    /// <summary>Converts a CQ string to the array form, independently of the code under test (a small reference parser).</summary>
    public static string CqArrayJson(string cqMessage)
    {
        var segments = new JsonArray();
        var position = 0;
        while (position < cqMessage.Length)
        {
            var start = cqMessage.IndexOf("[CQ:", position, StringComparison.Ordinal);
            var end = start < 0 ? -1 : cqMessage.IndexOf(']', start);
            if (start < 0 || end < 0)
            {
                AddText(segments, cqMessage[position..]);
                break;
            }

            AddText(segments, cqMessage[position..start]);
            var parts = cqMessage[(start + 4)..end].Split(',');
            var data = new JsonObject();
            foreach (var part in parts.Skip(1))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                data[part[..eq]] = Unescape(part[(eq + 1)..]);
            }

            segments.Add(new JsonObject { ["type"] = parts[0], ["data"] = data });
            position = end + 1;
        }

        return segments.ToJsonString();
    }

    private static void AddText(JsonArray segments, string text)
    {
        if (text.Length > 0)
        {
            segments.Add(new JsonObject { ["type"] = "text", ["data"] = new JsonObject { ["text"] = Unescape(text) } });
        }
    }

    private static string Unescape(string text) => text.Replace("&#91;", "[", StringComparison.Ordinal).Replace("&#93;", "]", StringComparison.Ordinal)
        .Replace("&#44;", ",", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }

                    return;
                }

                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                using var document = JsonDocument.Parse(frame.ToArray());
                frame.SetLength(0);
                var root = document.RootElement;
                var call = new ApiCall(
                    root.GetProperty("action").GetString()!,
                    root.TryGetProperty("params", out var p) ? p.Clone() : default,
                    root.TryGetProperty("echo", out var e) ? e.GetString() : null);
                _all.Enqueue(call);
                _calls.Writer.TryWrite(call);
                if (RawResponder?.Invoke(call) is { } raw)
                {
                    _ = SendJsonAsync(raw);
                }
                else if (Responder(call) is { } answer)
                {
                    answer["echo"] = call.Echo;
                    _ = SendJsonAsync(answer.ToJsonString());
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended; tests observe that through State and WaitClosedAsync.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
