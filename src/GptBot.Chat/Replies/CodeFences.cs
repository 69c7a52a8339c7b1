namespace GptBot.Chat.Replies;

/// <summary>
/// The ``` code blocks of a text, as position ranges, so a splitter can tell whether a cut would fall inside one.
/// A fence is a line that starts (after up to three spaces) with three backticks; an unclosed block runs to the end.
/// </summary>
internal readonly struct CodeFences
{
    private readonly List<(int Start, int End)>? _blocks;

    private CodeFences(List<(int Start, int End)>? blocks) => _blocks = blocks;

    /// <param name="startsInsideBlock">The text continues a code block opened before it: its first fence closes that block.</param>
    public static CodeFences Find(ReadOnlySpan<char> text, bool startsInsideBlock = false)
    {
        List<(int Start, int End)>? blocks = null;
        var openAt = startsInsideBlock ? 0 : -1;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var newline = text[lineStart..].IndexOf('\n');
            var lineEnd = newline < 0 ? text.Length : lineStart + newline + 1;
            if (IsFence(text[lineStart..lineEnd]))
            {
                if (openAt < 0)
                {
                    openAt = lineStart;
                }
                else
                {
                    (blocks ??= []).Add((openAt, lineEnd));
                    openAt = -1;
                }
            }

            lineStart = lineEnd;
        }

        if (openAt >= 0)
        {
            (blocks ??= []).Add((openAt, int.MaxValue));
        }

        return new CodeFences(blocks);
    }

    /// <summary>Whether a cut at <paramref name="position"/> separates two parts of the same code block.</summary>
    public bool IsInside(int position)
    {
        if (_blocks is null)
        {
            return false;
        }

        foreach (var (start, end) in _blocks)
        {
            if (position > start && position < end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where the code block that a cut at <paramref name="position"/> would split begins, when it does not begin the
    /// text: cutting there moves the whole block to the next part, even if that leaves a short part before it.
    /// </summary>
    public int? StartOfBlockAround(int position)
    {
        if (_blocks is null)
        {
            return null;
        }

        foreach (var (start, end) in _blocks)
        {
            if (position > start && position < end)
            {
                return start > 0 ? start : null;
            }
        }

        return null;
    }

    /// <summary>Where the first code block ends (after its closing fence line), or null when there is none or it is unclosed.</summary>
    public int? EndOfFirstBlock => _blocks is { Count: > 0 } blocks && blocks[0].End != int.MaxValue ? blocks[0].End : null;

    /// <summary>Whether the text ends inside an unclosed code block.</summary>
    public bool EndsOpen => _blocks is { Count: > 0 } blocks && blocks[^1].End == int.MaxValue;

    private static bool IsFence(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart(' ');
        return line.Length - trimmed.Length <= 3 && trimmed.StartsWith("```");
    }
}
