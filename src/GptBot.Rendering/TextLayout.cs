using System.Text;
using SkiaSharp;

namespace GptBot.Rendering;

/// <summary>
/// Wraps an answer into lines no wider than a pixel width: at a space when a Latin word would be cut, anywhere between
/// characters otherwise (CJK text has no spaces), never inside a surrogate pair. Lines inside ``` fences are marked
/// as code and laid out in the monospace face; the fence lines themselves are not drawn.
/// </summary>
internal sealed class TextLayout(FontSet fonts, float fontSize)
{
    /// <summary>Code is set a little smaller, so that typical 60-column lines fit without wrapping.</summary>
    public const float CodeScale = 0.85f;

    /// <summary>Characters whose face and width are remembered; a text of more distinct ones starts the memory afresh.</summary>
    public const int MaxCachedGlyphs = 4096;

    /// <summary>Face and size pairs kept open; only fallback faces can add more than a handful.</summary>
    private const int MaxCachedFonts = 64;

    private readonly Dictionary<(SKTypeface Face, bool Code), SKFont> _fonts = [];

    // Answers reuse a few thousand distinct characters at most: asking Skia once per character, not per occurrence,
    // makes a 10,000-char image several times faster. An answer made of rare characters (the model can be asked for
    // any) must not grow the memory for good, so it is bounded.
    private readonly Dictionary<(int CodePoint, bool Code), (SKTypeface Face, float Width)> _glyphs = [];

    public FontSet Fonts => fonts;

    /// <summary>Characters whose face and width are remembered.</summary>
    internal int CachedGlyphCount => _glyphs.Count;

    public SKFont FontFor(SKTypeface face, bool code)
    {
        if (!_fonts.TryGetValue((face, code), out var font))
        {
            if (_fonts.Count >= MaxCachedFonts)
            {
                // Safe while drawing: each run asks for its font right before it is used.
                foreach (var open in _fonts.Values)
                {
                    open.Dispose();
                }

                _fonts.Clear();
            }

            font = new SKFont(face, code ? fontSize * CodeScale : fontSize) { Edging = SKFontEdging.Antialias, Subpixel = true };
            _fonts[(face, code)] = font;
        }

        return font;
    }

    /// <summary>The lines of <paramref name="text"/>; only the first <paramref name="maxLines"/> when it has more.</summary>
    public List<LayoutLine> Wrap(string text, float maxWidth, float codeWidth, int maxLines = int.MaxValue)
    {
        var lines = new List<LayoutLine>();
        var inCode = false;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (lines.Count >= maxLines)
            {
                lines.RemoveRange(maxLines, lines.Count - maxLines);
                break;
            }

            if (raw.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            var line = raw.Replace("\t", "    ", StringComparison.Ordinal);
            WrapLine(line, inCode, inCode ? codeWidth : maxWidth, lines);
        }

        return lines;
    }

    private void WrapLine(string line, bool code, float maxWidth, List<LayoutLine> lines)
    {
        var glyphs = Measure(line, code ? fonts.Mono : fonts.Text, code);
        if (glyphs.Count == 0)
        {
            lines.Add(new LayoutLine([], 0, code));
            return;
        }

        var index = 0;
        while (index < glyphs.Count)
        {
            var start = index;
            var width = 0f;
            var lastSpace = -1;
            while (index < glyphs.Count && (index == start || width + glyphs[index].Width <= maxWidth))
            {
                width += glyphs[index].Width;
                if (glyphs[index].Text == " ")
                {
                    lastSpace = index + 1;
                }

                index++;
            }

            // Only move the break back to a space when the glyph at the break is part of a Latin word.
            if (index < glyphs.Count && lastSpace > start && lastSpace < index && IsWordChar(glyphs[index].Text) && IsWordChar(glyphs[index - 1].Text))
            {
                index = lastSpace;
            }

            lines.Add(ToLine(glyphs, start, index, code));
            if (!code)
            {
                // A continuation line does not start with the space the break happened at.
                while (index < glyphs.Count && glyphs[index].Text == " ")
                {
                    index++;
                }
            }
        }
    }

    private List<TextRun> Measure(string line, SKTypeface preferred, bool code)
    {
        var glyphs = new List<TextRun>(line.Length);
        for (var i = 0; i < line.Length; i += char.IsSurrogatePair(line, i) ? 2 : 1)
        {
            var length = char.IsSurrogatePair(line, i) ? 2 : 1;
            var piece = line.Substring(i, length);
            var codePoint = length == 2 ? char.ConvertToUtf32(line[i], line[i + 1]) : line[i];
            if (length == 1 && char.IsSurrogate(line[i]))
            {
                // A lone surrogate cannot be drawn; show the replacement character instead of failing.
                piece = "\uFFFD";
                codePoint = 0xFFFD;
            }

            if (!_glyphs.TryGetValue((codePoint, code), out var glyph))
            {
                if (_glyphs.Count >= MaxCachedGlyphs)
                {
                    _glyphs.Clear();
                }

                var face = fonts.FaceFor(preferred, codePoint);
                glyph = (face, FontFor(face, code).MeasureText(piece));
                _glyphs[(codePoint, code)] = glyph;
            }

            glyphs.Add(new TextRun(piece, glyph.Face, glyph.Width));
        }

        return glyphs;
    }

    private static LayoutLine ToLine(List<TextRun> glyphs, int start, int end, bool code)
    {
        var runs = new List<TextRun>();
        var text = new StringBuilder();
        var runFace = glyphs[start].Face;
        var runWidth = 0f;
        var total = 0f;
        for (var i = start; i < end; i++)
        {
            if (!ReferenceEquals(glyphs[i].Face, runFace))
            {
                runs.Add(new TextRun(text.ToString(), runFace, runWidth));
                text.Clear();
                runWidth = 0;
                runFace = glyphs[i].Face;
            }

            text.Append(glyphs[i].Text);
            runWidth += glyphs[i].Width;
            total += glyphs[i].Width;
        }

        runs.Add(new TextRun(text.ToString(), runFace, runWidth));
        return new LayoutLine(runs, total, code);
    }

    private static bool IsWordChar(string glyph) => glyph.Length == 1 && glyph[0] < 0x3000 && char.IsLetterOrDigit(glyph[0]);
}
