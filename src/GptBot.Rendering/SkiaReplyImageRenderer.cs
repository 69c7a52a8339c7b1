using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace GptBot.Rendering;

/// <summary>
/// Draws an answer as a PNG, the seed's way past QQ's limits on long text: black text on white, wrapped at
/// GPT_IMAGE_LINE_WIDTH pixels, code blocks in a monospace face on a light grey background. Fonts are resolved once;
/// when the native library or every font fails, it returns null and the delivery cascade moves on.
/// </summary>
public sealed partial class SkiaReplyImageRenderer(IOptions<ImageRenderOptions> options, ILogger<SkiaReplyImageRenderer> logger) : IReplyImageRenderer
{
    private static readonly SKColor Background = SKColors.White;
    private static readonly SKColor Ink = new(0x1F, 0x23, 0x28);
    private static readonly SKColor CodeBackground = new(0xF2, 0xF4, 0xF7);
    private static readonly SKColor CodeInk = new(0x24, 0x29, 0x2E);

    private readonly Lock _gate = new();
    private TextLayout? _layout;
    private bool _unavailable;

    public byte[]? RenderPng(string text)
    {
        // One image at a time: the font caches are not thread-safe, and on a small machine parallel renders only compete.
        lock (_gate)
        {
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
        }
    }

    private byte[]? Render(string text)
    {
        var settings = options.Value;
        var layout = _layout ??= CreateLayout(settings);
        const float codeInset = 8;

        // Code may run half again as wide as prose before it wraps: wrapped code is much harder to read than a wide image.
        var codeWrap = (settings.LineWidth * 1.5f) - (2 * codeInset);
        var lines = layout.Wrap(text, settings.LineWidth, codeWrap);
        var lineHeight = MathF.Ceiling(settings.FontSize * 1.5f);
        var height = (int)((lines.Count * lineHeight) + (2 * settings.Padding));
        if (height > settings.MaxHeight)
        {
            LogTooTall(logger, text.Length, height, settings.MaxHeight);
            return null;
        }

        var contentWidth = lines.Select(line => line.IsCode ? line.Width + (2 * codeInset) : line.Width).DefaultIfEmpty(0).Max();
        contentWidth = Math.Max(settings.FontSize, lines.Exists(line => line.IsCode) ? Math.Max(contentWidth, settings.LineWidth) : contentWidth);
        var width = (int)MathF.Ceiling(contentWidth + (2 * settings.Padding));

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Length}-char answer would be a {Height} px tall image (limit {Limit}); not drawn")]
    private static partial void LogTooTall(ILogger logger, int length, int height, int limit);
}
