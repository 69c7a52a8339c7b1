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

    public static TheoryData<string> Texts() =>
    [
        "hello world",
        "人工智能正在改变我们的生活方式和工作方式",
        "🙂🙃 emoji 😀 and 表情",
        "    \n\n\t\t   lots   of   whitespace   \r\n",
        "a",
        "。，！？；：“”‘’（）【】",
        string.Concat(Enumerable.Range(0, 2000).Select(i => (char)(0x4E00 + (i * 7919 % 20000)))),
        "CQ:image,file=abc.jpg,url=https://example.com/a?b=c&d=e 1234567890 !@#$%^&*()",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task No_counter_gives_more_tokens_than_the_text_has_UTF8_bytes(string text)
    {
        // The prompt builder skips counting a history that fits by its bytes: that is only safe with this guarantee.
        var cl100k = (TiktokenTokenCounter)TiktokenTokenCounter.ForModel("gpt-4");
        var o200k = (TiktokenTokenCounter)TiktokenTokenCounter.ForModel("gpt-4o");
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        Assert.True(o200k.CountTokens(text) <= bytes); // the estimate while the vocabulary loads
        await Task.WhenAll(cl100k.Ready, o200k.Ready).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.InRange(cl100k.CountTokens(text), 1, bytes);
        Assert.InRange(o200k.CountTokens(text), 1, bytes);
        Assert.InRange(new ApproximateTokenCounter().CountTokens(text), 1, bytes);
    }
}
