using System.Globalization;
using System.Text;
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
                return long.TryParse(ReadText(element), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
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
            JsonValueKind.String => ReadText(element),
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>
    /// The text of a JSON string. Node-based implementations cut nicknames and texts inside an emoji and write the
    /// lone half as <c>\ud83d</c>, which <see cref="JsonElement.GetString"/> refuses; such a half reads as U+FFFD, as
    /// any UTF-16 decoder would show it, and the rest of the text is kept.
    /// </summary>
    public static string ReadText(JsonElement element)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException) when (element.ValueKind == JsonValueKind.String)
        {
            return DecodeLossily(element.GetRawText());
        }
    }

    /// <summary>Seconds since the epoch; a 13-digit millisecond value (NapCat's fallback) is divided down.</summary>
    public static long ReadUnixSeconds(JsonElement parent, string name)
    {
        var value = ReadInt64(parent, name) ?? 0;
        return value > 100_000_000_000 ? value / 1000 : value;
    }

    /// <summary>Unescapes a JSON string literal the reader has already validated, then replaces unpaired surrogates.</summary>
    private static string DecodeLossily(string literal)
    {
        var escaped = literal.AsSpan(1, literal.Length - 2);
        var text = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                text.Append(escaped[i]);
                continue;
            }

            var kind = escaped[++i];
            if (kind == 'u')
            {
                text.Append((char)ushort.Parse(escaped.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 4;
                continue;
            }

            text.Append(kind switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => kind, // \" \\ \/
            });
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                text[i] = '\uFFFD';
            }
        }

        return text.ToString();
    }
}
