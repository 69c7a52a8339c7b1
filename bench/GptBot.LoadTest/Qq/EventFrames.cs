using System.Buffers;
using System.Text.Json;

namespace GptBot.LoadTest.Qq;

/// <summary>
/// The frames a QQ implementation (NapCat-like) sends: lifecycle and heartbeat meta events, and group messages in
/// the string (CQ) format or the array format. Request <c>n</c> carries the token <c>Q#n</c>.
/// </summary>
public static class EventFrames
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static byte[] Lifecycle(long selfId) => Write(writer =>
    {
        WriteHead(writer, selfId, "meta_event");
        writer.WriteString("meta_event_type"u8, "lifecycle"u8);
        writer.WriteString("sub_type"u8, "connect"u8);
    });

    public static byte[] Heartbeat(long selfId, int intervalMs) => Write(writer =>
    {
        WriteHead(writer, selfId, "meta_event");
        writer.WriteString("meta_event_type"u8, "heartbeat"u8);
        writer.WriteNumber("interval"u8, intervalMs);
        writer.WritePropertyName("status"u8);
        writer.WriteStartObject();
        writer.WriteBoolean("online"u8, true);
        writer.WriteBoolean("good"u8, true);
        writer.WriteEndObject();
    });

    /// <summary>A group message <c>/gpt Q#id</c>; <paramref name="arrayFormat"/> picks the wire shape of <c>message</c>.</summary>
    public static byte[] GroupGpt(long selfId, long groupId, long userId, long id, bool arrayFormat) => Write(writer =>
    {
        var text = "/gpt Q#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        WriteHead(writer, selfId, "message");
        writer.WriteString("message_type"u8, "group"u8);
        writer.WriteString("sub_type"u8, "normal"u8);
        writer.WriteNumber("message_id"u8, id);
        writer.WriteNumber("group_id"u8, groupId);
        writer.WriteNumber("user_id"u8, userId);
        writer.WriteNull("anonymous"u8);
        writer.WritePropertyName("message"u8);
        if (arrayFormat)
        {
            WriteTextMessage(writer, text);
        }
        else
        {
            writer.WriteStringValue(text);
        }

        writer.WriteString("raw_message"u8, text);
        writer.WriteNumber("font"u8, 0);
        writer.WritePropertyName("sender"u8);
        writer.WriteStartObject();
        writer.WriteNumber("user_id"u8, userId);
        writer.WriteString("nickname"u8, "member");
        writer.WriteString("card"u8, string.Empty);
        writer.WriteString("role"u8, "member"u8);
        writer.WriteEndObject();
    });

    /// <summary>The answer to an API call: <c>send_msg</c> gets a message id, everything else an empty success.</summary>
    public static byte[] Ok(string? echo, long? messageId) => Write(writer =>
    {
        writer.WriteString("status"u8, "ok"u8);
        writer.WriteNumber("retcode"u8, 0);
        writer.WritePropertyName("data"u8);
        if (messageId is { } id)
        {
            writer.WriteStartObject();
            writer.WriteNumber("message_id"u8, id);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteString("message"u8, string.Empty);
        writer.WriteString("echo"u8, echo);
    });

    /// <summary>A text message in the array format, as events and <c>send_msg</c> both carry it: one text segment.</summary>
    public static void WriteTextMessage(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WritePropertyName("data"u8);
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteHead(Utf8JsonWriter writer, long selfId, string postType)
    {
        writer.WriteNumber("time"u8, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        writer.WriteNumber("self_id"u8, selfId);
        writer.WriteString("post_type"u8, postType);
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
