using System.Text;

namespace GptBot.OneBot.Protocol;

/// <summary>
/// The CQ-code string form of a message (OneBot v11 message/string.md). Parsing never throws: anything that is
/// not a well-formed code stays literal text, the lenient reading NapCat and NoneBot share.
/// </summary>
public static class CqCode
{
    private const string CodeStart = "[CQ:";

    public static List<MessageSegment> Parse(string? message)
    {
        var segments = new List<MessageSegment>();
        if (string.IsNullOrEmpty(message))
        {
            return segments;
        }

        var text = new StringBuilder();
        var position = 0;
        while (position < message.Length)
        {
            var start = message.IndexOf(CodeStart, position, StringComparison.Ordinal);
            if (start < 0)
            {
                text.Append(message, position, message.Length - position);
                break;
            }

            text.Append(message, position, start - position);

            // The code ends at the first ']'; a '[' before it means this candidate is text up to that '['. Looking for
            // both at once keeps parsing linear even for hostile input such as "[CQ:[CQ:[CQ:..." with no ']'.
            var stop = message.AsSpan(start + CodeStart.Length).IndexOfAny('[', ']');
            if (stop < 0)
            {
                text.Append(message, start, message.Length - start);
                break;
            }

            stop += start + CodeStart.Length;
            if (message[stop] == '[')
            {
                text.Append(message, start, stop - start);
                position = stop;
            }
            else if (TryParseCode(message.AsSpan(start + CodeStart.Length, stop - start - CodeStart.Length), out var segment))
            {
                FlushText(segments, text);
                segments.Add(segment);
                position = stop + 1;
            }
            else
            {
                // Malformed (bad type, a parameter without '='): the whole bracket stays literal text, as NapCat reads it.
                text.Append(message, start, stop + 1 - start);
                position = stop + 1;
            }
        }

        FlushText(segments, text);
        return segments;
    }

    public static string Encode(IEnumerable<MessageSegment> segments)
    {
        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.IsText)
            {
                builder.Append(EscapeText(segment.Text));
                continue;
            }

            builder.Append(CodeStart).Append(segment.Type);
            foreach (var (key, value) in segment.Data)
            {
                builder.Append(',').Append(key).Append('=').Append(EscapeValue(value));
            }

            builder.Append(']');
        }

        return builder.ToString();
    }

    /// <summary>Escapes plain text: <c>&amp;</c> first, then the brackets. Commas stay as they are.</summary>
    public static string EscapeText(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '[', ']') < 0)
        {
            return text;
        }

        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("[", "&#91;", StringComparison.Ordinal)
            .Replace("]", "&#93;", StringComparison.Ordinal);
    }

    /// <summary>Escapes a parameter value: as text, plus the comma that separates parameters.</summary>
    public static string EscapeValue(string value)
    {
        var escaped = EscapeText(value);
        return escaped.Contains(',', StringComparison.Ordinal) ? escaped.Replace(",", "&#44;", StringComparison.Ordinal) : escaped;
    }

    /// <summary>Reverses both escapings; <c>&amp;amp;</c> last, so <c>&amp;amp;#91;</c> becomes the literal <c>&amp;#91;</c>.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        return text.Replace("&#91;", "[", StringComparison.Ordinal)
            .Replace("&#93;", "]", StringComparison.Ordinal)
            .Replace("&#44;", ",", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);
    }

    private static bool TryParseCode(ReadOnlySpan<char> body, out MessageSegment segment)
    {
        segment = null!;
        var comma = body.IndexOf(',');
        var type = comma < 0 ? body : body[..comma];
        if (type.IsEmpty || !IsValidType(type))
        {
            return false;
        }

        var data = new List<KeyValuePair<string, string>>();
        if (comma >= 0)
        {
            var parameters = body[(comma + 1)..];
            foreach (var range in parameters.Split(','))
            {
                var part = parameters[range];
                var equals = part.IndexOf('=');
                if (equals <= 0)
                {
                    return false;
                }

                data.Add(new(part[..equals].ToString(), Unescape(part[(equals + 1)..].ToString())));
            }
        }

        segment = new MessageSegment(type.ToString(), [.. data]);
        return true;
    }

    private static bool IsValidType(ReadOnlySpan<char> type)
    {
        foreach (var c in type)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static void FlushText(List<MessageSegment> segments, StringBuilder text)
    {
        if (text.Length == 0)
        {
            return;
        }

        segments.Add(MessageSegment.CreateText(Unescape(text.ToString())));
        text.Clear();
    }
}
