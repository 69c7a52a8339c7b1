using GptBot.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace GptBot.Tests.Rendering;

public sealed class SkiaReplyImageRendererTests : IDisposable
{
    /// <summary>The answer drawn for docs/reply-image-sample.png: Chinese prose, a long line that must wrap, and code.</summary>
    public const string SampleAnswer = """
        快速排序（Quicksort）是一种分治算法：先选一个基准元素，把比它小的放到左边、比它大的放到右边，再对两边递归排序。平均时间复杂度为 O(n log n)，最坏情况为 O(n²)。

        下面是一个 Python 实现：
        ```python
        def quicksort(items):
            if len(items) <= 1:
                return items
            pivot, *rest = items
            left = [x for x in rest if x < pivot]   # 比基准小
            right = [x for x in rest if x >= pivot]
            return quicksort(left) + [pivot] + quicksort(right)
        ```
        A long English sentence also wraps at word boundaries when it reaches the configured line width of the image.
        """;

    private readonly FakeLogger<SkiaReplyImageRenderer> _log = new();

    [Fact]
    public async Task Renders_a_png_of_the_configured_width_with_ink_on_it()
    {
        var renderer = CreateRenderer(new ImageRenderOptions());

        var png = await renderer.RenderPngAsync(SampleAnswer, TestContext.Current.CancellationToken);

        Assert.NotNull(png);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        // Prose wraps at GPT_IMAGE_LINE_WIDTH (500), code may run to 1.5 times that; padding 20 on both sides.
        Assert.InRange(bitmap.Width, 500 + (2 * 20), 750 + (2 * 20));
        // 15 drawn lines of 30 px, with a little space between the Markdown blocks.
        Assert.InRange(bitmap.Height, 15 * 30, 40 * 30);
        var dark = CountPixels(bitmap, p => p.Red < 128 && p.Green < 128 && p.Blue < 128);
        var codeGrey = CountPixels(bitmap, p => p == new SKColor(0xF2, 0xF4, 0xF7));
        Assert.True(dark > 2000, $"only {dark} dark pixels: the text was not drawn");
        Assert.True(codeGrey > 10_000, $"only {codeGrey} code background pixels");
    }

    [Fact]
    public async Task Long_lines_wrap_so_width_stays_within_the_line_width_and_height_grows()
    {
        var renderer = CreateRenderer(new ImageRenderOptions { LineWidth = 300, Padding = 10, FontSize = 16 });

        using var oneLine = SKBitmap.Decode(await renderer.RenderPngAsync("短句。", TestContext.Current.CancellationToken));
        using var wrapped = SKBitmap.Decode(await renderer.RenderPngAsync(string.Concat(Enumerable.Repeat("很长的一句话没有空格", 20)), TestContext.Current.CancellationToken));

        Assert.True(oneLine.Width < 300, $"a short line should give a narrow image, got {oneLine.Width}");
        Assert.InRange(wrapped.Width, 250, 300 + 20);
        Assert.True(wrapped.Height >= 10 * oneLine.Height / 2, $"expected many lines, got height {wrapped.Height}");
    }

    [Fact]
    public void Finds_a_font_with_chinese_glyphs_on_this_machine()
    {
        // .ci/run installs fonts-wqy-microhei; without any CJK font the renderer still works but draws boxes.
        Assert.SkipUnless(FontSet.KnownCjkFontInstalled, "no CJK font installed (apt-get install fonts-wqy-microhei)");
        var fonts = FontSet.Load(null);
        Assert.True(fonts.HasCjk, fonts.Description);
    }

    [Fact]
    public async Task A_missing_configured_font_falls_back_to_a_system_font()
    {
        var fonts = FontSet.Load("/nonexistent/font.ttf");
        Assert.Contains("could not be loaded", fonts.Description, StringComparison.Ordinal);
        Assert.NotNull(await CreateRenderer(new ImageRenderOptions { FontPath = "/nonexistent/font.ttf" }).RenderPngAsync("你好", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Odd_text_renders_without_throwing()
    {
        var renderer = CreateRenderer(new ImageRenderOptions());
        Assert.NotNull(await renderer.RenderPngAsync("emoji 😀👍🏽 lone \uD800 surrogate\ttab\r\n```\nunclosed code", TestContext.Current.CancellationToken));
        Assert.NotNull(await renderer.RenderPngAsync(" ", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_image_taller_than_the_limit_is_not_drawn()
    {
        var renderer = CreateRenderer(new ImageRenderOptions { MaxHeight = 1000 });
        Assert.Null(await renderer.RenderPngAsync(string.Concat(Enumerable.Repeat("一行\n", 100)), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_image_whose_pixel_area_passes_the_cap_is_not_drawn_even_below_the_height_limit()
    {
        // GPT_IMAGE_LINE_WIDTH=4000 makes every wrapped line 4000 px wide: 170 lines are within 30,000 px of height
        // but would be a 4040 x 5200 px bitmap (21 million pixels, 84 MB) for one answer.
        var renderer = CreateRenderer(new ImageRenderOptions { LineWidth = 4000 });
        var text = new string('x', 500) + "\n" + string.Concat(Enumerable.Repeat("a\n", 170));

        Assert.Null(await renderer.RenderPngAsync(text, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void The_glyph_cache_stays_bounded_however_many_distinct_characters_answers_hold()
    {
        var layout = new TextLayout(FontSet.Load(null), 20);
        var text = string.Concat(Enumerable.Range(0x4E00, 20_000).Select(codePoint => (char)codePoint));

        layout.Wrap(text, 500, 750);

        Assert.InRange(layout.CachedGlyphCount, 1, TextLayout.MaxCachedGlyphs);
    }

    [Fact]
    public void The_fallback_font_cache_stays_bounded()
    {
        var fonts = FontSet.Load(null);

        // Private-use characters no font has: each one is looked up once and remembered as having no fallback.
        for (var codePoint = 0xF0000; codePoint < 0xF0000 + 3000; codePoint++)
        {
            fonts.FaceFor(fonts.Text, codePoint);
        }

        Assert.InRange(fonts.CachedFallbackCount, 1, FontSet.MaxCachedFallbacks);
    }

    [Fact]
    public async Task Renders_waiting_for_the_renderer_do_not_hold_thread_pool_threads()
    {
        var renderer = CreateRenderer(new ImageRenderOptions());

        // One image is being drawn; 64 more answers, each on a thread-pool thread, want theirs.
        await renderer.Gate.WaitAsync(TestContext.Current.CancellationToken);
        Task<byte[]?>[] waiting;
        try
        {
            waiting = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Factory.StartNew(
                () => renderer.RenderPngAsync("你好", TestContext.Current.CancellationToken), CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default)));

            // Each got its thread back at once, and the rest of the service (socket reads, timers) still runs.
            Assert.All(waiting, render => Assert.False(render.IsCompleted));
            var other = Task.Factory.StartNew(() => 42, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);
            Assert.Equal(42, await other.WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken));
        }
        finally
        {
            renderer.Gate.Release();
        }

        Assert.All(await Task.WhenAll(waiting), Assert.NotNull);
    }

    /// <summary>Regenerates docs/reply-image-sample.png when GPTBOT_WRITE_SAMPLE names the output path.</summary>
    [Fact]
    public async Task Writes_the_documentation_sample_on_request()
    {
        var path = Environment.GetEnvironmentVariable("GPTBOT_WRITE_SAMPLE");
        var png = await CreateRenderer(new ImageRenderOptions()).RenderPngAsync(SampleAnswer, TestContext.Current.CancellationToken);
        Assert.NotNull(png);
        if (!string.IsNullOrEmpty(path))
        {
            File.WriteAllBytes(path, png);
        }
    }

    /// <summary>The renderer swallows a rendering failure (the chat gets text instead) and logs it: here it fails the test.</summary>
    public void Dispose()
    {
        var failure = _log.Collector.GetSnapshot().FirstOrDefault(record => record.Level >= LogLevel.Error);
        Assert.True(failure is null, $"the renderer logged a failure: {failure?.Message} {failure?.Exception}");
    }

    private SkiaReplyImageRenderer CreateRenderer(ImageRenderOptions options) => new(Options.Create(options), _log);

    private static int CountPixels(SKBitmap bitmap, Func<SKColor, bool> predicate)
    {
        var count = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            if (predicate(pixel))
            {
                count++;
            }
        }

        return count;
    }
}
