using SkiaSharp;

namespace GptBot.Rendering.Markdown;

/// <summary>
/// Lays the blocks of a Markdown answer out for a reply image: headings larger and bold, bold and italic spans, inline
/// code and code blocks in the monospace face on grey, links in blue, list items behind their markers, quotes behind
/// a bar, tables as a grid, all wrapped at GPT_IMAGE_LINE_WIDTH (code and tables may run half again as wide). Line
/// breaks the model wrote are kept. Not thread-safe: the renderer draws one image at a time.
/// </summary>
internal sealed partial class MarkdownLayout(FontSet fonts, float fontSize)
{
    private static readonly SKColor Ink = new(0x1F, 0x23, 0x28);
    private static readonly SKColor Muted = new(0x57, 0x60, 0x6A);
    private static readonly SKColor LinkInk = new(0x09, 0x69, 0xDA);
    private static readonly SKColor CodeInk = new(0x24, 0x29, 0x2E);
    private static readonly SKColor CodeFill = new(0xF2, 0xF4, 0xF7);
    private static readonly SKColor Border = new(0xD0, 0xD7, 0xDE);
    private static readonly float[] HeadingScale = [1f, 1.5f, 1.3f, 1.15f, 1.05f, 1f, 1f];

    private readonly Dictionary<(SKTypeface Face, float Size, bool Bold, bool Italic), SKFont> _fonts = [];
    private readonly Dictionary<(int CodePoint, float Size, bool Bold, bool Mono), (SKTypeface Face, float Width)> _glyphs = [];

    private float Gap => fontSize * 0.6f;

    private float IndentStep => fontSize * 1.6f;

    /// <summary>Characters whose face and width are remembered; a text of more distinct ones starts the memory afresh.</summary>
    public const int MaxCachedGlyphs = TextLayout.MaxCachedGlyphs;

    /// <summary>Face, size and style combinations kept open between images; only fallback faces can add more than a few dozen.</summary>
    private const int MaxCachedFonts = 64;

    /// <summary>Characters whose face and width are remembered.</summary>
    internal int CachedGlyphCount => _glyphs.Count;

    /// <summary>
    /// Lays the blocks out from <paramref name="top"/> down; once a block ends below <paramref name="stopBelow"/> the
    /// rest is left out (the picture is then taller than that, and is not drawn).
    /// </summary>
    public MarkdownPicture Layout(List<MdBlock> blocks, float left, float top, float lineWidth, float stopBelow = float.MaxValue)
    {
        ForgetFontsIfMany();
        var picture = new MarkdownPicture { Right = left, Bottom = top };
        var y = top;
        for (var i = 0; i < blocks.Count && y <= stopBelow; i++)
        {
            var block = blocks[i];
            var x = left + (block.Indent * IndentStep) + (block.Quote * IndentStep * 0.75f);
            var start = y;
            y = block switch
            {
                MdParagraph paragraph => LayOutParagraph(picture, paragraph, x, y, left + lineWidth),
                MdCode code => LayOutCode(picture, code, x, y, left + (lineWidth * 1.5f)),
                MdTable table => LayOutTable(picture, table, x, y, lineWidth * 1.5f),
                _ => LayOutRule(picture, x, y),
            };
            for (var level = 0; level < block.Quote; level++)
            {
                var barX = left + (block.Indent * IndentStep) + (level * IndentStep * 0.75f) + 2;
                picture.Fills.Add((new SKRect(barX, start, barX + 3, y), Border, false));
            }

            // Items of one list sit closer together than separate paragraphs.
            var tight = i + 1 < blocks.Count && block is MdParagraph { Marker: not null } && blocks[i + 1] is MdParagraph { Marker: not null };
            y += tight ? fontSize * 0.2f : Gap;
        }

        picture.Bottom = Math.Max(top, y - Gap);
        return picture;
    }

    private float LayOutParagraph(MarkdownPicture picture, MdParagraph paragraph, float x, float y, float right)
    {
        var size = fontSize * HeadingScale[Math.Clamp(paragraph.Heading, 0, 6)];
        var bold = paragraph.Heading > 0;
        var textX = x;
        var color = paragraph.Quote > 0 ? Muted : Ink;
        if (paragraph.Marker is { } marker)
        {
            // The marker hangs in the indent, on the first line's baseline.
            DrawLines(picture, [Measure([new StyledText(marker, SpanStyle.Normal)], size, bold)], x - IndentStep + (fontSize * 0.3f), y, color);
        }

        var lines = Wrap(Measure(paragraph.Spans, size, bold), right - textX);
        var bottom = DrawLines(picture, lines, textX, y, color, inlineCode: true);
        if (paragraph.Heading is 1 or 2)
        {
            // A rule under the big headings, as Markdown viewers draw them.
            bottom += fontSize * 0.2f;
            picture.Lines.Add((new SKPoint(x, bottom), new SKPoint(x, bottom), Border, true));
            bottom += fontSize * 0.2f;
        }

        return bottom;
    }

    private float LayOutCode(MarkdownPicture picture, MdCode code, float x, float y, float right)
    {
        const float inset = 8;
        var start = y;
        y += inset / 2;
        var size = fontSize * TextLayout.CodeScale;
        foreach (var line in code.Lines)
        {
            var glyphs = Measure([new StyledText(line.Replace("\t", "    ", StringComparison.Ordinal), SpanStyle.Code)], fontSize, false);
            y = DrawLines(picture, Wrap(glyphs, right - x - (2 * inset)), x + inset, y, CodeInk, lineHeight: LineHeight(size));
        }

        y += inset / 2;
        picture.Fills.Insert(0, (new SKRect(x, start, x, y), CodeFill, true));
        return y;
    }

    private float LayOutRule(MarkdownPicture picture, float x, float y)
    {
        y += fontSize * 0.5f;
        picture.Lines.Add((new SKPoint(x, y), new SKPoint(x, y), Border, true));
        return y + (fontSize * 0.5f);
    }

    private static float LineHeight(float size) => MathF.Ceiling(size * 1.5f);

    /// <summary>
    /// Closes the open fonts when there are many, before a picture is laid out and never during: the picture keeps
    /// its fonts until it is drawn. Rare characters (the model can be asked for any) must not keep faces open for good.
    /// </summary>
    private void ForgetFontsIfMany()
    {
        if (_fonts.Count < MaxCachedFonts)
        {
            return;
        }

        foreach (var open in _fonts.Values)
        {
            open.Dispose();
        }

        _fonts.Clear();
    }
}
