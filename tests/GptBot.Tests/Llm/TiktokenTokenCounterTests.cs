using GptBot.Chat.Ports;
using GptBot.Llm.Tokens;

namespace GptBot.Tests.Llm;

public sealed class TiktokenTokenCounterTests
{
    [Theory]
    [InlineData("gpt-4o-mini", "o200k_base")]
    [InlineData("openai/gpt-4o", "o200k_base")]
    [InlineData("GPT-4.1", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-3.5-turbo", "cl100k_base")]
    public async Task OpenAI_models_count_exactly_with_their_own_packaged_encoding(string model, string encoding)
    {
        var counter = Assert.IsType<TiktokenTokenCounter>(TiktokenTokenCounter.ForModel(model));
        await counter.Ready.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(encoding, counter.Encoding);
        Assert.Equal(2, counter.CountTokens("hello world"));
        Assert.Equal(0, counter.CountTokens(string.Empty));
    }

    [Fact]
    public async Task Chinese_text_costs_fewer_tokens_in_o200k_than_in_cl100k_and_the_estimate_is_above_both()
    {
        const string text = "人工智能正在改变我们的生活方式和工作方式";
        var cl100k = (TiktokenTokenCounter)TiktokenTokenCounter.ForModel("gpt-4");
        var o200k = (TiktokenTokenCounter)TiktokenTokenCounter.ForModel("gpt-4o");
        await Task.WhenAll(cl100k.Ready, o200k.Ready).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(o200k.CountTokens(text) < cl100k.CountTokens(text));
        Assert.True(new ApproximateTokenCounter().CountTokens(text) >= cl100k.CountTokens(text));
    }

    [Theory]
    [InlineData("deepseek-chat")]
    [InlineData("qwen2.5:7b")]
    [InlineData("fake-model")]
    public void Unknown_models_use_the_estimate_and_load_no_vocabulary(string model) =>
        Assert.IsType<ApproximateTokenCounter>(TiktokenTokenCounter.ForModel(model));
}
