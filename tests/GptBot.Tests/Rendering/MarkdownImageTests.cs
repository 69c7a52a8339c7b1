using GptBot.Rendering;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace GptBot.Tests.Rendering;

/// <summary>Reply images draw the Markdown of an answer, not its symbols.</summary>
[Trait("Category", "Unit")]
public sealed class MarkdownImageTests
{
    /// <summary>A typical model answer with every construct an image draws.</summary>
    public const string RichAnswer = """
        # 旅行清单

        出发前请确认以下 **三件事**，其中 *护照* 最重要：

        1. 护照和签证
        2. 充电器与 `USB-C` 线
           - 备用电池
        3. 旅行保险，见 [保险说明](https://example.com/insurance)

        > 提示：提前一天打印行程单。

        | 物品 | 数量 | 备注 |
        |---|---|---|
        | 衣服 | 3 套 | 按天气增减 |
        | 现金 | 500 元 | 分开放 |

        ---
        ```bash
        # 检查护照有效期
        date -d "2027-06-01"
        ```
        """;

    private readonly FakeLogger<SkiaReplyImageRenderer> _log = new();

    [Fact]
    public async Task A_heading_is_drawn_larger_than_the_same_text_as_a_paragraph()
    {
        var renderer = Renderer();

        using var heading = SKBitmap.Decode(await renderer.RenderPngAsync("# 标题", TestContext.Current.CancellationToken));
        using var paragraph = SKBitmap.Decode(await renderer.RenderPngAsync("标题", TestContext.Current.CancellationToken));

        Assert.True(heading.Height > paragraph.Height, $"heading {heading.Height} px, paragraph {paragraph.Height} px");
        Assert.True(heading.Width > paragraph.Width, $"heading {heading.Width} px, paragraph {paragraph.Width} px");
    }

    [Fact]
    public async Task Symbols_of_markup_are_not_drawn_as_text()
    {
        var renderer = Renderer();

        // The same words with and without ** and ##: drawn the same width, give or take the bold stroke.
        using var marked = SKBitmap.Decode(await renderer.RenderPngAsync("**粗体**", TestContext.Current.CancellationToken));
        using var plain = SKBitmap.Decode(await renderer.RenderPngAsync("粗体", TestContext.Current.CancellationToken));

        Assert.InRange(marked.Width, plain.Width, plain.Width + 6);
    }

    [Fact]
    public async Task A_table_is_drawn_as_a_grid_with_a_shaded_header()
    {
        using var bitmap = SKBitmap.Decode(await Renderer().RenderPngAsync("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |", TestContext.Current.CancellationToken));

        var grid = Count(bitmap, p => p == new SKColor(0xD0, 0xD7, 0xDE));
        var header = Count(bitmap, p => p == new SKColor(0xF2, 0xF4, 0xF7));
        Assert.True(grid > 200, $"only {grid} grid pixels");
        Assert.True(header > 500, $"only {header} header pixels");
    }

    /// <summary>Writes the Markdown sample when GPTBOT_WRITE_MARKDOWN_SAMPLE names the output path.</summary>
    [Fact]
    public async Task Draws_a_rich_answer_and_writes_it_on_request()
    {
        var png = await Renderer().RenderPngAsync(RichAnswer, TestContext.Current.CancellationToken);

        Assert.NotNull(png);
        if (Environment.GetEnvironmentVariable("GPTBOT_WRITE_MARKDOWN_SAMPLE") is { Length: > 0 } path)
        {
            File.WriteAllBytes(path, png);
        }

        Assert.DoesNotContain(_log.Collector.GetSnapshot(), record => record.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public void The_markdown_glyph_cache_stays_bounded_however_many_distinct_characters_answers_hold()
    {
        var layout = new GptBot.Rendering.Markdown.MarkdownLayout(FontSet.Load(null), 20);
        var text = string.Concat(Enumerable.Range(0x4E00, 20_000).Select(codePoint => (char)codePoint));

        layout.Layout(GptBot.Rendering.Markdown.MarkdownBlocks.From(text), 20, 20, 500);

        Assert.InRange(layout.CachedGlyphCount, 1, GptBot.Rendering.Markdown.MarkdownLayout.MaxCachedGlyphs);
    }

    [Fact]
    public async Task A_markdown_image_past_the_pixel_cap_is_not_drawn_and_the_cascade_is_told_so()
    {
        // A table may run half again as wide as prose: at GPT_IMAGE_LINE_WIDTH=4000 a long one is within the height
        // limit but far over the 20 million pixel cap.
        var renderer = new SkiaReplyImageRenderer(Options.Create(new ImageRenderOptions { LineWidth = 4000 }), _log);
        var rows = string.Concat(Enumerable.Range(0, 150).Select(i => $"| {new string('x', 500)} | {i} |\n"));

        var png = await renderer.RenderPngAsync("| a | b |\n|---|---|\n" + rows, TestContext.Current.CancellationToken);

        Assert.Null(png);
        Assert.Contains(_log.Collector.GetSnapshot(), record => record.Message.Contains("pixels; not drawn", StringComparison.Ordinal));
    }

    private SkiaReplyImageRenderer Renderer() => new(Options.Create(new ImageRenderOptions()), _log);

    private static int Count(SKBitmap bitmap, Func<SKColor, bool> predicate) => bitmap.Pixels.Count(predicate);
}
