using System.Text.Encodings.Web;
using System.Text.Json;

namespace GptBot.OneBot.Protocol;

/// <summary>JSON settings shared by every frame we write.</summary>
public static class OneBotJson
{
    /// <summary>Keeps CJK text readable in frames (and smaller) instead of \uXXXX escapes; still escapes control characters and quotes.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Writes segments in array form. Every data value is a string, as implementations expect (Lagrange reads node ids as strings).</summary>
    public static void WriteSegments(Utf8JsonWriter writer, IEnumerable<MessageSegment> segments)
    {
        writer.WriteStartArray();
        foreach (var segment in segments)
        {
            WriteSegment(writer, segment);
        }

        writer.WriteEndArray();
    }

    public static void WriteSegment(Utf8JsonWriter writer, MessageSegment segment)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, segment.Type);
        writer.WritePropertyName("data"u8);
        writer.WriteStartObject();
        foreach (var (key, value) in segment.Data)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
