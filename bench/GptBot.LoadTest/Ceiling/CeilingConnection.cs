using System.Buffers;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GptBot.LoadTest.Qq;

namespace GptBot.LoadTest.Ceiling;

/// <summary>One reverse WebSocket of the ceiling server: events in, one LLM stream and one send_msg out per message.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never used holds nothing to dispose; late replies may still release it.")]
internal sealed class CeilingConnection(WebSocket socket, HttpClient http, Uri completions)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _echo;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (ReadMessage(buffer.AsSpan(0, length)) is { } message)
                {
                    _ = AnswerAsync(message.GroupId, message.Text);
                }

                length = 0;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The generator went away.
        }
    }

    /// <summary>A group message's id and raw text; null for everything else (meta events, action answers).</summary>
    private static (long GroupId, string Text)? ReadMessage(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        reader.Read();
        long groupId = 0;
        string? text = null;
        var isMessage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("post_type"u8))
            {
                reader.Read();
                isMessage = reader.ValueTextEquals("message"u8);
            }
            else if (reader.ValueTextEquals("group_id"u8))
            {
                reader.Read();
                groupId = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("raw_message"u8))
            {
                reader.Read();
                text = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return isMessage && text is not null ? (groupId, text) : null;
    }

    private async Task AnswerAsync(long groupId, string text)
    {
        var answer = new StringBuilder();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, completions);
            request.Content = new ByteArrayContent(RequestBody(text)) { Headers = { ContentType = Json } };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: {", StringComparison.Ordinal))
                {
                    AppendContent(Encoding.UTF8.GetBytes(line, 6, line.Length - 6), answer);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return; // the generator counts it as lost
        }

        var frame = SendMsgFrame(groupId, answer.ToString(), Interlocked.Increment(ref _echo));
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The generator went away; it counts the answer as lost.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static byte[] RequestBody(string prompt)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, "bench");
            writer.WriteBoolean("stream"u8, true);
            writer.WritePropertyName("messages"u8);
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("role"u8, "user"u8);
            writer.WriteString("content"u8, prompt);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void AppendContent(ReadOnlySpan<byte> chunk, StringBuilder answer)
    {
        var reader = new Utf8JsonReader(chunk);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("content"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                answer.Append(reader.GetString());
            }
        }
    }

    private static byte[] SendMsgFrame(long groupId, string text, long echo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("action"u8, "send_msg"u8);
            writer.WritePropertyName("params"u8);
            writer.WriteStartObject();
            writer.WriteString("message_type"u8, "group"u8);
            writer.WriteNumber("group_id"u8, groupId);
            writer.WritePropertyName("message"u8);
            EventFrames.WriteTextMessage(writer, text);
            writer.WriteEndObject();
            writer.WriteString("echo"u8, echo.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
