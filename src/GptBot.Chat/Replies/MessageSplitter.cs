namespace GptBot.Chat.Replies;

/// <summary>
/// Cuts a text into parts of at most a given length, at the most natural boundary available: a paragraph break, a line
/// break, the end of a sentence, a space, and only then anywhere (never between the halves of a surrogate pair).
/// Breaks inside a ``` code block are used only when no break outside one exists, so code usually stays in one piece.
/// Whitespace at a cut, blank lines before the text and whitespace after it are dropped; nothing else is lost, added or
/// reordered (the indentation of the first line stays: a streamed line of code keeps its place in the block).
/// </summary>
public static class MessageSplitter
{
    /// <summary>Ends of sentences after which a cut reads naturally. ASCII '.' counts only when a space follows.</summary>
    private const string SentenceEnds = "。！？!?；;…";

    /// <summary>Closing quotes and brackets that belong to the sentence they end.</summary>
    private const string Closers = "”’」』）)】\"'";

    public static IReadOnlyList<string> Split(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var parts = new List<string>();
        var rest = TrimKeepingIndentation(text);
        while (rest.Length > maxLength)
        {
            var cut = FindCut(rest, maxLength);
            var part = rest[..cut].TrimEnd();
            if (part.Length > 0)
            {
                parts.Add(part.ToString());
            }

            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            parts.Add(rest.ToString());
        }

        return parts;
    }

    /// <summary>
    /// <paramref name="text"/> without the blank lines before it and the whitespace after it, keeping the indentation
    /// of its first line, as the seed sent each streamed line (it stripped line breaks only). Empty for blank text.
    /// </summary>
    public static ReadOnlySpan<char> TrimKeepingIndentation(ReadOnlySpan<char> text)
    {
        text = text.TrimEnd();
        var firstText = 0;
        while (firstText < text.Length && char.IsWhiteSpace(text[firstText]))
        {
            firstText++;
        }

        return text[(text[..firstText].LastIndexOf('\n') + 1)..];
    }

    /// <summary>The length of the next part: a position in (0, maxLength] where <paramref name="text"/> is cut.</summary>
    internal static int FindCut(ReadOnlySpan<char> text, int maxLength)
    {
        var limit = maxLength;
        if (char.IsHighSurrogate(text[limit - 1]) && char.IsLowSurrogate(text[limit]))
        {
            limit--;
        }

        // Cuts nearer the start than this would leave a stub message; a hard cut is better than many tiny ones.
        var minimum = Math.Max(1, limit / 3);
        var fences = CodeFences.Find(text[..limit]);
        return LastBreak(text, limit, minimum, fences, BreakKind.Paragraph, outsideCode: true)
            ?? LastBreak(text, limit, minimum, fences, BreakKind.Line, outsideCode: true)
            ?? LastBreak(text, limit, minimum, fences, BreakKind.Sentence, outsideCode: true)
            ?? fences.StartOfBlockAround(limit)
            ?? LastBreak(text, limit, minimum, fences, BreakKind.Line, outsideCode: false)
            ?? LastBreak(text, limit, minimum, fences, BreakKind.Space, outsideCode: true)
            ?? LastBreak(text, limit, minimum, fences, BreakKind.Space, outsideCode: false)
            ?? limit;
    }

    private enum BreakKind
    {
        Paragraph,
        Line,
        Sentence,
        Space,
    }

    /// <summary>The largest cut position of the given kind in [minimum, limit], or null. Text goes on after limit.</summary>
    private static int? LastBreak(ReadOnlySpan<char> text, int limit, int minimum, CodeFences fences, BreakKind kind, bool outsideCode)
    {
        for (var cut = limit; cut >= minimum; cut--)
        {
            if (IsBreak(text, cut, kind) && (!outsideCode || !fences.IsInside(cut)))
            {
                return cut;
            }
        }

        return null;
    }

    /// <summary>Whether cutting at <paramref name="cut"/> (text[..cut] is the part, cut &lt; text.Length) is a break of this kind.</summary>
    private static bool IsBreak(ReadOnlySpan<char> text, int cut, BreakKind kind)
    {
        var before = text[cut - 1];
        return kind switch
        {
            BreakKind.Paragraph => before == '\n' && cut >= 2 && text[..(cut - 1)].TrimEnd(" \t\r").EndsWith('\n'),
            BreakKind.Line => before == '\n',
            BreakKind.Sentence => IsSentenceEnd(text, cut),
            _ => char.IsWhiteSpace(before) && !char.IsWhiteSpace(text[cut]),
        };
    }

    private static bool IsSentenceEnd(ReadOnlySpan<char> text, int cut)
    {
        var end = cut - 1;
        if (Closers.Contains(text[end]))
        {
            // A closing quote after a terminator: cut after the quote, never between the two.
            if (Closers.Contains(text[cut]))
            {
                return false;
            }

            end--;
            if (end < 0)
            {
                return false;
            }
        }
        else if (Closers.Contains(text[cut]))
        {
            return false;
        }

        var mark = text[end];
        if (SentenceEnds.Contains(mark))
        {
            return !SentenceEnds.Contains(text[cut]);
        }

        // "3.14", "example.com" and "e.g." are not sentence ends: an ASCII period needs a space after it.
        return mark == '.' && char.IsWhiteSpace(text[cut]);
    }
}
