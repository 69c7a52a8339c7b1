using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GptBot.Rendering.Markdown;

[Flags]
internal enum SpanStyle
{
    Normal = 0,
    Bold = 1,
    Italic = 2,
    Code = 4,
    Link = 8,
}

/// <summary>A piece of a paragraph in one style; "\n" in <see cref="Text"/> is a line break.</summary>
internal readonly record struct StyledText(string Text, SpanStyle Style);

/// <summary>A block of a reply image, nested <see cref="Indent"/> levels deep (lists) inside <see cref="Quote"/> quotes.</summary>
internal abstract record MdBlock(int Indent, int Quote);

/// <summary>A paragraph or heading (<see cref="Heading"/> 1..6, else 0), with a list marker when it starts a list item.</summary>
internal sealed record MdParagraph(List<StyledText> Spans, int Heading, string? Marker, int Indent, int Quote) : MdBlock(Indent, Quote);

internal sealed record MdCode(List<string> Lines, int Indent, int Quote) : MdBlock(Indent, Quote);

/// <summary>A table: its rows of cells, the first row the header.</summary>
internal sealed record MdTable(List<List<List<StyledText>>> Rows, int Indent, int Quote) : MdBlock(Indent, Quote);

internal sealed record MdRule(int Indent, int Quote) : MdBlock(Indent, Quote);

/// <summary>Flattens Markdig's syntax tree into the blocks a reply image draws, top to bottom.</summary>
internal static class MarkdownBlocks
{
    public static List<MdBlock> From(string markdown)
    {
        var blocks = new List<MdBlock>();
        Walk(MarkdownParsing.Parse(markdown), blocks, indent: 0, quote: 0, marker: null);
        return blocks;
    }

    private static void Walk(ContainerBlock container, List<MdBlock> blocks, int indent, int quote, string? marker)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    blocks.Add(new MdParagraph(Spans(heading.Inline), heading.Level, marker, indent, quote));
                    break;
                case CodeBlock code:
                    blocks.Add(new MdCode([.. code.Lines.Lines.Take(code.Lines.Count).Select(line => line.Slice.ToString())], indent, quote));
                    break;
                case LeafBlock { Inline: not null } leaf:
                    blocks.Add(new MdParagraph(Spans(leaf.Inline), 0, marker, indent, quote));
                    break;
                case ThematicBreakBlock:
                    blocks.Add(new MdRule(indent, quote));
                    break;
                case ListBlock list:
                    WalkList(list, blocks, indent, quote);
                    break;
                case QuoteBlock inner:
                    Walk(inner, blocks, indent, quote + 1, marker);
                    break;
                case Table table:
                    blocks.Add(new MdTable([.. table.OfType<TableRow>().Select(row => row.OfType<TableCell>().Select(CellSpans).ToList())], indent, quote));
                    break;
                case ContainerBlock other:
                    Walk(other, blocks, indent, quote, marker);
                    break;
                case LeafBlock leaf:
                    blocks.Add(new MdParagraph([new StyledText(leaf.Lines.ToString(), SpanStyle.Normal)], 0, marker, indent, quote));
                    break;
            }

            // Only the item's first block carries its marker.
            marker = null;
        }
    }

    private static void WalkList(ListBlock list, List<MdBlock> blocks, int indent, int quote)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}{list.OrderedDelimiter}" : "•";
            var before = blocks.Count;
            Walk(item, blocks, indent + 1, quote, marker);
            if (blocks.Count == before)
            {
                blocks.Add(new MdParagraph([], 0, marker, indent + 1, quote));
            }
        }
    }

    private static List<StyledText> CellSpans(TableCell cell)
    {
        var spans = new List<StyledText>();
        foreach (var leaf in cell.OfType<LeafBlock>())
        {
            spans.AddRange(Spans(leaf.Inline));
        }

        return spans;
    }

    private static List<StyledText> Spans(ContainerInline? inlines)
    {
        var spans = new List<StyledText>();
        Add(spans, inlines, SpanStyle.Normal);
        return spans;
    }

    private static void Add(List<StyledText> spans, ContainerInline? container, SpanStyle style)
    {
        if (container is null)
        {
            return;
        }

        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    spans.Add(new StyledText(literal.Content.ToString(), style));
                    break;
                case CodeInline code:
                    spans.Add(new StyledText(code.Content, style | SpanStyle.Code));
                    break;
                case LineBreakInline:
                    // A line break the model wrote is kept, soft or not: it chose where its lines end.
                    spans.Add(new StyledText("\n", style));
                    break;
                case EmphasisInline emphasis:
                    Add(spans, emphasis, style | (emphasis.DelimiterCount >= 2 ? SpanStyle.Bold : SpanStyle.Italic));
                    break;
                case AutolinkInline autolink:
                    spans.Add(new StyledText(autolink.Url, style | SpanStyle.Link));
                    break;
                case LinkInline link:
                    Add(spans, link, style | SpanStyle.Link);
                    break;
                case HtmlEntityInline entity:
                    spans.Add(new StyledText(entity.Transcoded.ToString(), style));
                    break;
                case HtmlInline html:
                    spans.Add(new StyledText(html.Tag, style));
                    break;
                case ContainerInline inner:
                    Add(spans, inner, style);
                    break;
            }
        }
    }
}
