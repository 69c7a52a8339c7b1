using SkiaSharp;

namespace GptBot.Rendering.Markdown;

/// <summary>Measuring, wrapping and placing styled text, and tables.</summary>
internal sealed partial class MarkdownLayout
{
    private readonly record struct Glyph(string Text, SKFont Font, float Width, SpanStyle Style);

    private List<Glyph> Measure(List<StyledText> spans, float size, bool bold)
    {
        var glyphs = new List<Glyph>();
        foreach (var span in spans)
        {
            var mono = span.Style.HasFlag(SpanStyle.Code);
            var spanBold = bold || span.Style.HasFlag(SpanStyle.Bold);
            var spanSize = mono ? size * TextLayout.CodeScale : size;
            var text = span.Text;
            for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
            {
                if (text[i] == '\n')
                {
                    glyphs.Add(new Glyph("\n", FontFor(fonts.Text, spanSize, false, false), 0, span.Style));
                    continue;
                }

                var pair = char.IsSurrogatePair(text, i);
                var piece = pair ? text.Substring(i, 2) : text[i] == '\t' ? "    " : char.IsSurrogate(text[i]) ? "\uFFFD" : text[i].ToString();
                var codePoint = pair ? char.ConvertToUtf32(text[i], text[i + 1]) : piece[0];
                if (!_glyphs.TryGetValue((codePoint, spanSize, spanBold, mono), out var glyph))
                {
                    if (_glyphs.Count >= MaxCachedGlyphs)
                    {
                        _glyphs.Clear();
                    }

                    var face = fonts.FaceFor(mono ? fonts.Mono : fonts.Text, codePoint);
                    glyph = (face, FontFor(face, spanSize, spanBold, false).MeasureText(piece));
                    _glyphs[(codePoint, spanSize, spanBold, mono)] = glyph;
                }

                glyphs.Add(new Glyph(piece, FontFor(glyph.Face, spanSize, spanBold, span.Style.HasFlag(SpanStyle.Italic)), glyph.Width, span.Style));
            }
        }

        return glyphs;
    }

    /// <summary>Lines no wider than <paramref name="maxWidth"/>: at line breaks, at a space rather than inside a Latin word, anywhere in CJK text.</summary>
    private static List<List<Glyph>> Wrap(List<Glyph> glyphs, float maxWidth)
    {
        var lines = new List<List<Glyph>>();
        var index = 0;
        do
        {
            var start = index;
            var width = 0f;
            var lastSpace = -1;
            while (index < glyphs.Count && glyphs[index].Text != "\n" && (index == start || width + glyphs[index].Width <= maxWidth))
            {
                width += glyphs[index].Width;
                lastSpace = glyphs[index].Text == " " ? index + 1 : lastSpace;
                index++;
            }

            if (index < glyphs.Count && glyphs[index].Text != "\n" && lastSpace > start && lastSpace < index
                && IsWordChar(glyphs[index].Text) && IsWordChar(glyphs[index - 1].Text))
            {
                index = lastSpace;
            }

            lines.Add(glyphs.GetRange(start, index - start));
            if (index < glyphs.Count && glyphs[index].Text == "\n")
            {
                index++;
            }
            else
            {
                while (index < glyphs.Count && glyphs[index].Text == " ")
                {
                    index++;
                }
            }
        }
        while (index < glyphs.Count);

        return lines;
    }

    /// <summary>Places the lines from <paramref name="y"/> down; returns the y below the last.</summary>
    private float DrawLines(MarkdownPicture picture, List<List<Glyph>> lines, float x, float y, SKColor color, bool inlineCode = false, float? lineHeight = null)
    {
        foreach (var line in lines)
        {
            var tallest = line.Count == 0 ? FontFor(fonts.Text, fontSize, false, false) : line.MaxBy(glyph => glyph.Font.Size).Font;
            var height = lineHeight ?? LineHeight(Math.Max(tallest.Size, fontSize));
            var metrics = tallest.Metrics;
            var baseline = y + ((height - (metrics.Descent - metrics.Ascent)) / 2) - metrics.Ascent;
            var runX = x;
            var i = 0;
            while (i < line.Count)
            {
                var start = i;
                var width = 0f;
                while (i < line.Count && ReferenceEquals(line[i].Font, line[start].Font) && line[i].Style == line[start].Style)
                {
                    width += line[i].Width;
                    i++;
                }

                var style = line[start].Style;
                if (inlineCode && style.HasFlag(SpanStyle.Code))
                {
                    picture.Fills.Add((new SKRect(runX - 2, y + (height * 0.12f), runX + width + 2, y + (height * 0.88f)), CodeFill, false));
                }

                var runColor = style.HasFlag(SpanStyle.Link) ? LinkInk : style.HasFlag(SpanStyle.Code) ? CodeInk : color;
                picture.Texts.Add((string.Concat(line.Skip(start).Take(i - start).Select(glyph => glyph.Text)), line[start].Font, runColor, runX, baseline));
                runX += width;
            }

            picture.Right = Math.Max(picture.Right, runX);
            y += height;
        }

        return y;
    }

    private float LayOutTable(MarkdownPicture picture, MdTable table, float x, float y, float maxWidth)
    {
        var pad = fontSize * 0.5f;
        var columns = table.Rows.Count == 0 ? 0 : table.Rows.Max(row => row.Count);
        if (columns == 0)
        {
            return y;
        }

        var cells = table.Rows.Select((row, r) => Enumerable.Range(0, columns)
            .Select(c => Measure(c < row.Count ? row[c] : [], fontSize, bold: r == 0)).ToList()).ToList();
        var natural = Enumerable.Range(0, columns)
            .Select(c => cells.Max(row => Wrap(row[c], float.MaxValue).Max(line => line.Sum(glyph => glyph.Width))) + (2 * pad)).ToArray();
        var total = natural.Sum();
        var widths = total <= maxWidth ? natural : natural.Select(w => Math.Max(fontSize * 3, w * maxWidth / total)).ToArray();

        var top = y;
        for (var r = 0; r < cells.Count; r++)
        {
            var wrapped = cells[r].Select((glyphs, c) => Wrap(glyphs, widths[c] - (2 * pad))).ToList();
            var height = wrapped.Max(lines => lines.Count) * LineHeight(fontSize) + pad;
            if (r == 0)
            {
                picture.Fills.Add((new SKRect(x, y, x + widths.Sum(), y + height), CodeFill, false));
            }

            var cellX = x;
            for (var c = 0; c < columns; c++)
            {
                DrawLines(picture, wrapped[c], cellX + pad, y + (pad / 2), Ink, inlineCode: true);
                cellX += widths[c];
            }

            y += height;
            picture.Lines.Add((new SKPoint(x, y), new SKPoint(x + widths.Sum(), y), Border, false));
        }

        picture.Lines.Add((new SKPoint(x, top), new SKPoint(x + widths.Sum(), top), Border, false));
        var lineX = x;
        for (var c = 0; c <= columns; c++)
        {
            picture.Lines.Add((new SKPoint(lineX, top), new SKPoint(lineX, y), Border, false));
            lineX += c < columns ? widths[c] : 0;
        }

        picture.Right = Math.Max(picture.Right, x + widths.Sum());
        return y;
    }

    private SKFont FontFor(SKTypeface face, float size, bool bold, bool italic)
    {
        if (!_fonts.TryGetValue((face, size, bold, italic), out var font))
        {
            font = new SKFont(face, size) { Edging = SKFontEdging.Antialias, Subpixel = true, Embolden = bold, SkewX = italic ? -0.2f : 0 };
            _fonts[(face, size, bold, italic)] = font;
        }

        return font;
    }

    private static bool IsWordChar(string glyph) => glyph.Length == 1 && glyph[0] < 0x3000 && char.IsLetterOrDigit(glyph[0]);
}
