using SkiaSharp;

namespace GptBot.Rendering.Markdown;

/// <summary>What a reply image draws, laid out: text runs at their baselines, filled rectangles and lines, and its size.</summary>
internal sealed class MarkdownPicture
{
    public List<(SKRect Rect, SKColor Color, bool ToRightEdge)> Fills { get; } = [];

    public List<(SKPoint From, SKPoint To, SKColor Color, bool ToRightEdge)> Lines { get; } = [];

    public List<(string Text, SKFont Font, SKColor Color, float X, float Baseline)> Texts { get; } = [];

    /// <summary>Right edge of the widest content, in pixels from the left of the image (padding included).</summary>
    public float Right { get; set; }

    /// <summary>Bottom of the last block, in pixels from the top (padding not yet added below).</summary>
    public float Bottom { get; set; }

    /// <summary>Draws it on white as a PNG <paramref name="width"/> × <paramref name="height"/>; fills and lines marked "to the right edge" stretch to <paramref name="contentRight"/>.</summary>
    public byte[] ToPng(int width, int height, float contentRight)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { IsAntialias = true };
        foreach (var (rect, color, toRight) in Fills)
        {
            paint.Color = color;
            var drawn = toRight ? new SKRect(rect.Left, rect.Top, contentRight, rect.Bottom) : rect;
            canvas.DrawRoundRect(drawn, 6, 6, paint);
        }

        paint.StrokeWidth = 1;
        foreach (var (from, to, color, toRight) in Lines)
        {
            // On the middle of a pixel row or column, a one-pixel line is drawn sharp instead of smeared over two.
            paint.Color = color;
            canvas.DrawLine(Crisp(from), Crisp(toRight ? new SKPoint(contentRight, to.Y) : to), paint);
        }

        foreach (var (text, font, color, x, baseline) in Texts)
        {
            paint.Color = color;
            canvas.DrawText(text, x, baseline, SKTextAlign.Left, font, paint);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static SKPoint Crisp(SKPoint point) => new(MathF.Floor(point.X) + 0.5f, MathF.Floor(point.Y) + 0.5f);
}
