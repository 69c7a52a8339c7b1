using GptBot.Llm.Tokens;

namespace GptBot.Tests.Llm;

public sealed class TiktokenTokenCounterTests
{
    [Theory]
    [InlineData("gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    [InlineData("gpt-4", "gpt-4")]
    [InlineData("gpt-3.5-turbo", "gpt-3.5-turbo")]
    public void Known_models_use_their_own_encoding_from_the_packaged_vocabulary(string model, string encodingName)
    {
        var counter = TiktokenTokenCounter.ForModel(model);

        Assert.True(counter.KnowsModel);
        Assert.Equal(encodingName, counter.Encoding);
        Assert.Equal(2, counter.CountTokens("hello world"));
    }

    [Fact]
    public void Chinese_text_costs_more_tokens_than_characters_in_cl100k_and_fewer_in_o200k()
    {
        const string text = "人工智能正在改变我们的生活方式和工作方式";

        var cl100k = TiktokenTokenCounter.ForModel("gpt-4").CountTokens(text);
        var o200k = TiktokenTokenCounter.ForModel("gpt-4o").CountTokens(text);

        Assert.True(o200k < cl100k, $"o200k {o200k}, cl100k {cl100k}");
        Assert.InRange(o200k, 5, text.Length);
    }

    [Theory]
    [InlineData("deepseek-chat")]
    [InlineData("qwen2.5:7b")]
    [InlineData("fake-model")]
    public void Unknown_models_are_estimated_with_o200k_and_a_safety_margin(string model)
    {
        var counter = TiktokenTokenCounter.ForModel(model);
        var exact = TiktokenTokenCounter.ForModel("gpt-4o");
        var text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 20));

        Assert.False(counter.KnowsModel);
        Assert.Equal((int)Math.Ceiling(exact.CountTokens(text) * TiktokenTokenCounter.UnknownModelMargin), counter.CountTokens(text));
        Assert.Equal(0, counter.CountTokens(string.Empty));
    }
}
