using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GptBot.Rendering.Markdown;

/// <summary>The one Markdown dialect GptBot reads answers in: CommonMark with pipe tables, as models write them.</summary>
internal static class MarkdownParsing
{
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static MarkdownDocument Parse(string markdown) => Markdig.Markdown.Parse(markdown, Pipeline);

    /// <summary>The plain text of inlines: emphasis and code lose their marks, a link keeps its label and its address.</summary>
    public static void AppendInlines(System.Text.StringBuilder text, ContainerInline? container)
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
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append('\n');
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LinkInline link:
                    AppendLink(text, link);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.AsSpan());
                    break;
                case HtmlInline html:
                    text.Append(html.Tag);
                    break;
                case ContainerInline inner:
                    AppendInlines(text, inner);
                    break;
            }
        }
    }

    private static void AppendLink(System.Text.StringBuilder text, LinkInline link)
    {
        var start = text.Length;
        AppendInlines(text, link);
        var label = text.ToString(start, text.Length - start);
        if (string.IsNullOrEmpty(link.Url) || label == link.Url)
        {
            return;
        }

        text.Append(label.Length == 0 ? link.Url : $" ({link.Url})");
    }
}
