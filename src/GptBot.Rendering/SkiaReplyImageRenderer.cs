using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace GptBot.Rendering;

/// <summary>
/// Draws an answer as a PNG, the seed's way past QQ's limits on long text: its Markdown drawn (see the Markdown part),
/// black text on white, wrapped at GPT_IMAGE_LINE_WIDTH pixels, code blocks in a monospace face on a light grey
/// background; text Markdig cannot read is drawn line by line. Fonts are resolved once; when the native library or
/// every font fails, or the image would be too large, it returns null and the delivery cascade moves on.
/// </summary>
public sealed partial class SkiaReplyImageRenderer(IOptions<ImageRenderOptions> options, ILogger<SkiaReplyImageRenderer> logger) : IReplyImageRenderer, IDisposable
{
    // Colours as properties, not static fields: a static field of a SkiaSharp type would load SkiaSharp with this class,
    // at start, though most services never draw an image.
    private static SKColor Background => SKColors.White;

    private static SKColor Ink => new(0x1F, 0x23, 0x28);

    private static SKColor CodeBackground => new(0xF2, 0xF4, 0xF7);

    private static SKColor CodeInk => new(0x24, 0x29, 0x2E);

    // One image at a time: the font caches are not thread-safe, and on a small machine parallel renders only compete.
    // Answers that wait for their turn wait asynchronously, so a burst of long answers holds no threads.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TextLayout? _layout;
    private bool _unavailable;

    /// <summary>The turn of the one image drawn at a time (tests hold it to queue renders behind it).</summary>
    internal SemaphoreSlim Gate => _gate;

    public async Task<byte[]?> RenderPngAsync(string text, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _unavailable ? null : RenderMarkdown(text);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            _unavailable = true;
            LogNativeMissing(logger, ex);
            return null;
        }
        catch (Exception ex)
        {
            LogRenderFailed(logger, text.Length, ex);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private byte[]? Render(string text)
    {
        var settings = options.Value;
        var layout = _layout ??= CreateLayout(settings);
        const float codeInset = 8;

        // Code may run half again as wide as prose before it wraps: wrapped code is much harder to read than a wide image.
        var codeWrap = (settings.LineWidth * 1.5f) - (2 * codeInset);
        var lineHeight = MathF.Ceiling(settings.FontSize * 1.5f);

        // Wrapping stops one line past what fits the height limit: a huge answer costs no more than a tall image.
        var maxLines = (int)Math.Max(0, (settings.MaxHeight - (2 * settings.Padding)) / lineHeight);
        var lines = layout.Wrap(text, settings.LineWidth, codeWrap, maxLines + 1);
        var height = (int)((lines.Count * lineHeight) + (2 * settings.Padding));
        if (height > settings.MaxHeight)
        {
            LogTooTall(logger, text.Length, settings.MaxHeight);
            return null;
        }

        var contentWidth = lines.Select(line => line.IsCode ? line.Width + (2 * codeInset) : line.Width).DefaultIfEmpty(0).Max();
        contentWidth = Math.Max(settings.FontSize, lines.Exists(line => line.IsCode) ? Math.Max(contentWidth, settings.LineWidth) : contentWidth);
        var width = (int)MathF.Ceiling(contentWidth + (2 * settings.Padding));

        // The bitmap takes 4 bytes a pixel: a wide and tall image would hold tens of megabytes for one answer.
        if ((long)width * height > settings.MaxPixels)
        {
            LogTooLarge(logger, text.Length, width, height, settings.MaxPixels);
            return null;
        }

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(Background);
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var codeInk = new SKPaint { Color = CodeInk, IsAntialias = true };
        using var codeFill = new SKPaint { Color = CodeBackground, IsAntialias = true };

        DrawCodeBackgrounds(canvas, lines, settings.Padding, lineHeight, contentWidth, codeFill);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var x = settings.Padding + (line.IsCode ? codeInset : 0);
            var top = settings.Padding + (i * lineHeight);
            foreach (var run in line.Runs)
            {
                var font = layout.FontFor(run.Face, line.IsCode);
                var metrics = font.Metrics;
                var baseline = top + ((lineHeight - (metrics.Descent - metrics.Ascent)) / 2) - metrics.Ascent;
                canvas.DrawText(run.Text, x, baseline, SKTextAlign.Left, font, line.IsCode ? codeInk : ink);
                x += run.Width;
            }
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>One rounded rectangle behind each run of consecutive code lines.</summary>
    private static void DrawCodeBackgrounds(SKCanvas canvas, List<LayoutLine> lines, float padding, float lineHeight, float contentWidth, SKPaint fill)
    {
        var first = -1;
        for (var i = 0; i <= lines.Count; i++)
        {
            var isCode = i < lines.Count && lines[i].IsCode;
            if (isCode && first < 0)
            {
                first = i;
            }
            else if (!isCode && first >= 0)
            {
                var rect = new SKRect(padding, padding + (first * lineHeight), padding + contentWidth, padding + (i * lineHeight));
                canvas.DrawRoundRect(rect, 6, 6, fill);
                first = -1;
            }
        }
    }

    private TextLayout CreateLayout(ImageRenderOptions settings)
    {
        var fonts = FontSet.Load(settings.FontPath);
        if (fonts.HasCjk)
        {
            LogFont(logger, fonts.Description);
        }
        else
        {
            LogNoCjkFont(logger, fonts.Description);
        }

        return new TextLayout(fonts, settings.FontSize);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply images use {Font}")]
    private static partial void LogFont(ILogger logger, string font);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply images use {Font}, which has no Chinese glyphs: Chinese will show as boxes. Install fonts-wqy-microhei or set GPT_IMAGE_FONT")]
    private static partial void LogNoCjkFont(ILogger logger, string font);

    [LoggerMessage(Level = LogLevel.Error, Message = "SkiaSharp's native library could not be loaded; reply images are off and long answers fall back to other forms")]
    private static partial void LogNativeMissing(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Drawing a {Length}-char reply image failed")]
    private static partial void LogRenderFailed(ILogger logger, int length, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Length}-char answer would be an image taller than {Limit} px; not drawn")]
    private static partial void LogTooTall(ILogger logger, int length, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Length}-char answer would be a {Width} x {Height} px image, more than {Limit} pixels; not drawn")]
    private static partial void LogTooLarge(ILogger logger, int length, int width, int height, long limit);
}
