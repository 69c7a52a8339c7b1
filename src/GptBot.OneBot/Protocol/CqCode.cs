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
            if (TryParseCode(message, start, out var segment, out var end))
            {
                FlushText(segments, text);
                segments.Add(segment);
                position = end;
            }
            else
            {
                // Not a code: keep the '[' as text and look for the next candidate after it.
                text.Append('[');
                position = start + 1;
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

    private static bool TryParseCode(string message, int start, out MessageSegment segment, out int end)
    {
        segment = null!;
        end = message.IndexOf(']', start);
        if (end < 0)
        {
            return false;
        }

        var body = message.AsSpan(start + CodeStart.Length, end - start - CodeStart.Length);
        end++;
        if (body.IndexOf('[') >= 0)
        {
            return false;
        }

        var comma = body.IndexOf(',');
        var type = comma < 0 ? body : body[..comma];
        if (type.IsEmpty || !IsValidType(type))
        {
            return false;
        }

        var data = new List<KeyValuePair<string, string>>();
        if (comma >= 0)
        {
            foreach (var range in body[(comma + 1)..].Split(','))
            {
                var part = body[(comma + 1)..][range];
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
