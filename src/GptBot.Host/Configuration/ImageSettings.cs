using GptBot.Rendering;

namespace GptBot.Host.Configuration;

/// <summary>The seed's GPT_IMAGE_* names onto <see cref="ImageRenderOptions"/>.</summary>
internal static class ImageSettings
{
    public static FlatSection<ImageRenderOptions> Section { get; } = new FlatSection<ImageRenderOptions>()
        .Add(FlatSetting.Text("GPT_IMAGE_FONT"), o => o.FontPath, (o, v) => o.FontPath = v)
        .Add(FlatSetting.Int("GPT_IMAGE_FONT_SIZE", 8, 200).Select(size => (float)size, size => (int)size), o => o.FontSize, (o, v) => o.FontSize = v)
        .Add(FlatSetting.Int("GPT_IMAGE_LINE_WIDTH", 100, 4000), o => o.LineWidth, (o, v) => o.LineWidth = v)
        .Add(FlatSetting.Int("GPT_IMAGE_PADDING", 0, 500), o => o.Padding, (o, v) => o.Padding = v)
        .Rule("GPT_IMAGE_FONT", o => o.FontPath is null || File.Exists(o.FontPath)
            ? null
            : $"must be the path of a font file (.ttf, .otf, .ttc), '{o.FontPath}' does not exist");
}
