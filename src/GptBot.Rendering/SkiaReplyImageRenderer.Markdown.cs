using GptBot.Rendering.Markdown;
using Microsoft.Extensions.Logging;

namespace GptBot.Rendering;

/// <summary>
/// Reply images draw the answer's Markdown (read with Markdig): headings, bold and italic, lists, quotes, links, code
/// and tables, instead of the symbols that stand for them. Text Markdig cannot read is drawn as before, line by line.
/// </summary>
public sealed partial class SkiaReplyImageRenderer
{
    private MarkdownLayout? _markdown;

    private byte[]? RenderMarkdown(string text)
    {
        var settings = options.Value;
        List<MdBlock> blocks;
        try
        {
            blocks = MarkdownBlocks.From(text);
        }
        catch (Exception ex) when (ex is not (DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException))
        {
            LogMarkdownUnreadable(logger, text.Length, ex);
            return Render(text);
        }

        var layout = _markdown ??= new MarkdownLayout((_layout ??= CreateLayout(settings)).Fonts, settings.FontSize);

        // Laying out stops past the height limit: a huge answer costs no more than a tall image.
        var picture = layout.Layout(blocks, settings.Padding, settings.Padding, settings.LineWidth, stopBelow: settings.MaxHeight);
        var height = (int)MathF.Ceiling(picture.Bottom + settings.Padding);
        if (height > settings.MaxHeight)
        {
            LogTooTall(logger, text.Length, settings.MaxHeight);
            return null;
        }

        // Code and tables get the full line width behind them, as before; prose alone makes a narrower image.
        var wide = blocks.Exists(block => block is MdCode or MdTable);
        var contentRight = Math.Max(picture.Right, settings.Padding + (wide ? settings.LineWidth : settings.FontSize));
        var width = (int)MathF.Ceiling(contentRight + settings.Padding);

        // The bitmap takes 4 bytes a pixel: a wide and tall image would hold tens of megabytes for one answer.
        if ((long)width * height > settings.MaxPixels)
        {
            LogTooLarge(logger, text.Length, width, height, settings.MaxPixels);
            return null;
        }

        return picture.ToPng(width, height, contentRight);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Length}-char answer could not be read as Markdown; drawing it as plain lines")]
    private static partial void LogMarkdownUnreadable(ILogger logger, int length, Exception exception);
}
