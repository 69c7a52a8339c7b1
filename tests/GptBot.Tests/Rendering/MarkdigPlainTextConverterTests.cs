using GptBot.Rendering.Markdown;

namespace GptBot.Tests.Rendering;

/// <summary>GPT_MARKDOWN=plain: what a QQ user reads instead of Markdown symbols.</summary>
[Trait("Category", "Unit")]
public sealed class MarkdigPlainTextConverterTests
{
    private static readonly MarkdigPlainTextConverter Converter = new();

    [Fact]
    public void Headings_bold_lists_and_links_become_readable_text()
    {
        const string markdown = "## 今日要点\n\n这是 **重要** 的 *内容*，见 [文档](https://example.com/doc)。\n\n- 第一\n- 第二\n\n1. 步骤一\n2. 步骤二";

        Assert.Equal(
            "今日要点\n\n这是 重要 的 内容，见 文档 (https://example.com/doc)。\n\n• 第一\n• 第二\n\n1. 步骤一\n2. 步骤二",
            Converter.ToPlainText(markdown));
    }

    [Fact]
    public void Code_blocks_keep_their_content_without_fences_and_inline_code_its_text()
    {
        const string markdown = "用 `ls -la`：\n```bash\n# list files\nls -la | grep '*.cs'\n```";

        Assert.Equal("用 ls -la：\n# list files\nls -la | grep '*.cs'", Converter.ToPlainText(markdown));
    }

    [Fact]
    public void Tables_and_quotes_and_nested_lists_stay_readable()
    {
        const string markdown = "| 名称 | 价格 |\n|---|---|\n| 苹果 | 5 |\n\n> 引用\n\n- 外层\n  - 内层";

        Assert.Equal("名称 | 价格\n苹果 | 5\n\n> 引用\n\n• 外层\n  • 内层", Converter.ToPlainText(markdown));
    }

    [Theory]
    [InlineData("")]
    [InlineData("普通的一句话，没有任何标记。")]
    [InlineData("第一行\n第二行")]
    public void Plain_text_passes_unchanged(string text)
    {
        Assert.Equal(text, Converter.ToPlainText(text));
    }
}
