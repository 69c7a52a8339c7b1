using GptBot.Chat.Conversations;

namespace GptBot.Tests.Chat.Conversations;

[Trait("Category", "Unit")]
public sealed class QuotedPromptTests
{
    [Fact]
    public void A_quotation_goes_before_the_question_marked_as_one()
    {
        Assert.Equal("引用消息：「床前明月光」\n这句诗什么意思", QuotedPrompt.Compose("这句诗什么意思", "床前明月光"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Without_a_quotation_the_prompt_is_unchanged(string? quoted)
    {
        Assert.Equal("你好", QuotedPrompt.Compose("你好", quoted));
        Assert.Null(QuotedPrompt.Bound(quoted));
    }

    [Fact]
    public void A_long_quotation_is_cut_with_an_ellipsis_and_never_inside_a_surrogate_pair()
    {
        var exact = new string('字', QuotedPrompt.MaxQuotedLength);
        Assert.Equal(exact, QuotedPrompt.Bound("  " + exact + "\n"));

        var longer = QuotedPrompt.Bound(new string('字', QuotedPrompt.MaxQuotedLength + 50))!;
        Assert.Equal(QuotedPrompt.MaxQuotedLength + 1, longer.Length);
        Assert.EndsWith("字…", longer, StringComparison.Ordinal);

        var emoji = QuotedPrompt.Bound(new string('a', QuotedPrompt.MaxQuotedLength - 1) + "😀😀")!;
        Assert.Equal(new string('a', QuotedPrompt.MaxQuotedLength - 1) + "…", emoji);
    }
}
