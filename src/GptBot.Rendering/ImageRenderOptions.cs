namespace GptBot.Rendering;

/// <summary>How reply images are drawn. The flat names are the seed's (GPT_IMAGE_*), with its defaults.</summary>
public sealed class ImageRenderOptions
{
    /// <summary>GPT_IMAGE_FONT: a .ttf/.otf/.ttc file with CJK glyphs. Default: found through the system's fonts.</summary>
    public string? FontPath { get; set; }

    /// <summary>GPT_IMAGE_FONT_SIZE in pixels. Default 20.</summary>
    public float FontSize { get; set; } = 20;

    /// <summary>GPT_IMAGE_LINE_WIDTH: lines wrap where they would get wider than this many pixels. Default 500.</summary>
    public int LineWidth { get; set; } = 500;

    /// <summary>GPT_IMAGE_PADDING: the margin around the text in pixels. Default 20.</summary>
    public int Padding { get; set; } = 20;

    /// <summary>Taller images are not drawn (QQ refuses or shrinks them to unreadable); the next form is used instead.</summary>
    public int MaxHeight { get; set; } = 30_000;

    /// <summary>
    /// Images of more pixels (width x height) are not drawn, whatever their height: each pixel takes 4 bytes while it is
    /// drawn. Default 20 million (80 MB), above the largest image of the default line width and height limit.
    /// </summary>
    public long MaxPixels { get; set; } = 20_000_000;
}
