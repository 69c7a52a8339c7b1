using System.Text;

namespace GptBot.Chat.Replies;

/// <summary>
/// Turns streamed text into complete lines, the seed's way of answering: each line goes out as soon as its newline
/// arrives. Unlike the seed it never emits an empty or whitespace-only line, nor the last line twice.
/// </summary>
public sealed class LineAccumulator
{
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _all = new();

    /// <summary>Everything received so far.</summary>
    public string FullText => _all.ToString();

    public int Length => _all.Length;

    /// <summary>Adds a delta and returns the lines it completed, in order.</summary>
    public IReadOnlyList<string> Append(string delta)
    {
        if (delta.Length == 0)
        {
            return [];
        }

        _all.Append(delta);
        _pending.Append(delta);
        List<string>? lines = null;
        while (true)
        {
            var newline = IndexOfNewline(_pending);
            if (newline < 0)
            {
                break;
            }

            var line = _pending.ToString(0, newline).TrimEnd('\r');
            _pending.Remove(0, newline + 1);
            if (!string.IsNullOrWhiteSpace(line))
            {
                (lines ??= []).Add(line);
            }
        }

        return lines ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The unterminated last line, if it has any text.</summary>
    public string? Flush()
    {
        var rest = _pending.ToString().TrimEnd('\r', '\n');
        _pending.Clear();
        return string.IsNullOrWhiteSpace(rest) ? null : rest;
    }

    private static int IndexOfNewline(StringBuilder builder)
    {
        for (var i = 0; i < builder.Length; i++)
        {
            if (builder[i] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
