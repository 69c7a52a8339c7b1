using System.Text;
using GptBot.Chat.Ports;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace GptBot.Rendering.Markdown;

/// <summary>
/// GPT_MARKDOWN=plain with Markdig: headings and paragraphs become their text, list items start with "• " or their
/// number, quotes with "> ", table rows are cells joined by " | ", code blocks keep their lines without the fences,
/// and blocks keep the blank lines the model put between them.
/// </summary>
public sealed class MarkdigPlainTextConverter : IMarkdownConverter
{
    public string ToPlainText(string markdown)
    {
        if (markdown.Length == 0)
        {
            return markdown;
        }

        var document = MarkdownParsing.Parse(markdown);
        var text = new StringBuilder(markdown.Length);
        AppendBlocks(text, document, markdown, prefix: string.Empty);
        return text.ToString();
    }

    private static void AppendBlocks(StringBuilder text, ContainerBlock container, string source, string prefix)
    {
        Block? previous = null;
        foreach (var block in container)
        {
            if (previous is not null)
            {
                text.Append('\n');
                if (BlankLineBetween(source, previous, block))
                {
                    text.Append(prefix.TrimEnd()).Append('\n');
                }
            }

            AppendBlock(text, block, source, prefix);
            previous = block;
        }
    }

    private static void AppendBlock(StringBuilder text, Block block, string source, string prefix)
    {
        switch (block)
        {
            case LeafBlock { Inline: not null } leaf:
                text.Append(prefix);
                AppendPrefixed(text, Inlines(leaf), prefix);
                break;
            case CodeBlock code:
                AppendCode(text, code, prefix);
                break;
            case ThematicBreakBlock:
                text.Append(prefix).Append("————————");
                break;
            case ListBlock list:
                AppendList(text, list, source, prefix);
                break;
            case QuoteBlock quote:
                AppendBlocks(text, quote, source, prefix + "> ");
                break;
            case Table table:
                AppendTable(text, table, prefix);
                break;
            case ContainerBlock other:
                AppendBlocks(text, other, source, prefix);
                break;
            case LeafBlock leaf:
                text.Append(prefix);
                AppendPrefixed(text, leaf.Lines.ToString(), prefix);
                break;
        }
    }

    private static void AppendList(StringBuilder text, ListBlock list, string source, string prefix)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        var first = true;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            if (!first)
            {
                text.Append('\n');
            }

            var marker = list.IsOrdered ? $"{number++}{list.OrderedDelimiter} " : "• ";
            var itemText = new StringBuilder();
            AppendBlocks(itemText, item, source, string.Empty);

            // The item's later lines line up under its first, as an indented continuation.
            text.Append(prefix).Append(marker);
            AppendPrefixed(text, itemText.ToString(), prefix + new string(' ', marker.Length));
            first = false;
        }
    }

    private static void AppendTable(StringBuilder text, Table table, string prefix)
    {
        var first = true;
        foreach (var row in table.OfType<TableRow>())
        {
            if (!first)
            {
                text.Append('\n');
            }

            text.Append(prefix);
            var cells = row.OfType<TableCell>().Select(cell =>
            {
                var cellText = new StringBuilder();
                foreach (var paragraph in cell.OfType<LeafBlock>())
                {
                    cellText.Append(Inlines(paragraph));
                }

                return cellText.ToString().Trim();
            });
            text.Append(string.Join(" | ", cells));
            first = false;
        }
    }

    private static void AppendCode(StringBuilder text, CodeBlock code, string prefix)
    {
        var lines = code.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                text.Append('\n');
            }

            text.Append(prefix).Append(lines.Lines[i].Slice.AsSpan());
        }
    }

    private static string Inlines(LeafBlock leaf)
    {
        var text = new StringBuilder();
        MarkdownParsing.AppendInlines(text, leaf.Inline);
        return text.ToString();
    }

    /// <summary>Appends a text whose later lines (a line break inside a paragraph) start with <paramref name="prefix"/> too.</summary>
    private static void AppendPrefixed(StringBuilder text, string value, string prefix) =>
        text.Append(prefix.Length == 0 ? value : value.Replace("\n", "\n" + prefix, StringComparison.Ordinal));

    /// <summary>
    /// Whether the model left a blank line before <paramref name="next"/> (kept: it separates paragraphs for the
    /// reader). Read backwards from the block's start: a list's span may already cover the blank line after it.
    /// </summary>
    private static bool BlankLineBetween(string source, Block previous, Block next)
    {
        var newlines = 0;
        for (var i = Math.Min(next.Span.Start, source.Length) - 1; i > previous.Span.Start && i >= 0; i--)
        {
            var c = source[i];
            if (c == '\n')
            {
                newlines++;
            }
            else if (c is not (' ' or '\t' or '\r' or '>'))
            {
                break;
            }
        }

        return newlines >= 2;
    }
}
