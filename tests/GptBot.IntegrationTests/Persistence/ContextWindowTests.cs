using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Llm.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Persistence;

/// <summary>What reaches the LLM stays inside GPT_MAX_CONTEXT_TOKENS, however long the stored history is.</summary>
[Trait("Category", "Integration")]
public sealed class ContextWindowTests
{
    [Fact]
    public async Task A_long_history_is_cut_to_the_newest_turns_that_fit_the_window_less_the_answer_reserve()
    {
        const int window = 1000;
        const int answerReserve = 200;
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_MODEL"] = "gpt-4o-mini",
            ["GPT_MAX_CONTEXT_TOKENS"] = window.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GPT_MAX_ANSWER_TOKENS"] = answerReserve.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GPT_SYSTEM_PROMPT"] = "你是一个乐于助人的助手。",
        });
        var key = ConversationKey.Private(10001, 30003);
        var store = bot.Services.GetRequiredService<IConversationStore>();
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 30; i++)
        {
            // About 100 tokens per exchange, 3000 in all: three times what fits.
            await store.AppendExchangeAsync(
                key,
                new ConversationTurn(TurnRole.User, $"问题 {i:00}: " + string.Concat(Enumerable.Repeat("请解释一下机器学习。", 4)), null, at),
                new ConversationTurn(TurnRole.Assistant, $"回答 {i:00}: " + string.Concat(Enumerable.Repeat("机器学习是人工智能的一个分支。", 3)), null, at),
                null,
                CancellationToken.None);
        }

        // Count with the exact vocabulary, as the test does (until it has loaded, the bot errs on the short side).
        await ((TiktokenTokenCounter)bot.Services.GetRequiredService<ITokenCounter>()).Ready.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await using var qq = await bot.ConnectAsync();
        await qq.SendPrivateMessageAsync(30003, "/gpt 最新的问题");
        var request = await bot.Llm.NextRequestAsync();

        var counter = bot.Services.GetRequiredService<ITokenCounter>();
        var cost = PromptBuilder.TokensPerRequest + request.Messages.Sum(m => PromptBuilder.TokensPerMessage + counter.CountTokens(m.Content));
        Assert.InRange(cost, window / 2, window - answerReserve);
        Assert.Equal("system", request.Messages[0].Role);
        Assert.Equal("user", request.Messages[1].Role);
        Assert.StartsWith("回答 29", request.Messages[^2].Content);
        Assert.Equal("最新的问题", request.Messages[^1].Content);
        Assert.DoesNotContain(request.Messages, m => m.Content.StartsWith("问题 00", StringComparison.Ordinal));
        Assert.Equal("echo: 最新的问题", await qq.NextSentTextAsync());
    }
}
