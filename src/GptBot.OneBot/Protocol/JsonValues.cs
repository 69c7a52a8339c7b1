using System.Globalization;
using System.Text.Json;

namespace GptBot.OneBot.Protocol;

/// <summary>Lenient readers for the numbers and strings that implementations send in varying shapes.</summary>
internal static class JsonValues
{
    /// <summary>An int64 given as a JSON number (int or float) or as a numeric string; null otherwise.</summary>
    public static long? ReadInt64(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var value))
                {
                    return value;
                }

                return element.TryGetDouble(out var real) && real is >= long.MinValue and <= long.MaxValue ? (long)real : null;
            case JsonValueKind.String:
                return long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                return null;
        }
    }

    public static long? ReadInt64(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var element) ? ReadInt64(element) : null;

    /// <summary>A string property; numbers and booleans are turned into their text so ids given as numbers still read.</summary>
    public static string? ReadString(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element))
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>Seconds since the epoch; a 13-digit millisecond value (NapCat's fallback) is divided down.</summary>
    public static long ReadUnixSeconds(JsonElement parent, string name)
    {
        var value = ReadInt64(parent, name) ?? 0;
        return value > 100_000_000_000 ? value / 1000 : value;
    }
}
