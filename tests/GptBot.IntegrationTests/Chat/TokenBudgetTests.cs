using GptBot.Chat.Replies;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.IntegrationTests.Chat;

/// <summary>
/// GPT_DAILY_TOKENS_PER_USER through the whole host on a real SQLite file, with a FakeTimeProvider as its clock: the
/// tokens the fake LLM reports add up, a spent budget makes no request, a restart keeps the count, midnight renews it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TokenBudgetTests : IDisposable
{
    private const long Sudoer = 30003;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gptbot-tests", Guid.NewGuid().ToString("N"));

    // 22:00 UTC: the day ends in two hours.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 22, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_spent_budget_asks_the_llm_nothing_even_after_a_restart_and_the_next_day_it_answers_again()
    {
        await using (var first = await StartAsync())
        await using (var qq = await first.ConnectAsync())
        {
            // The fake reports 42 prompt tokens and one completion token per char of "echo: ...": 50, then 53.
            Assert.Equal("echo: hi", await AskAsync(qq, "/gpt hi"));
            Assert.Equal("echo: again", await AskAsync(qq, "/gpt again"));
            Assert.Equal(ChatTexts.UserBudgetSpent, await AskAsync(qq, "/gpt third"));
            Assert.Equal(2, first.Llm.RequestCount);
        }

        await using var second = await StartAsync();
        await using var qq2 = await second.ConnectAsync();
        Assert.Equal(ChatTexts.UserBudgetSpent, await AskAsync(qq2, "/gpt after the restart"));
        Assert.Equal(
            "今日（2026-12-07）本聊天 token 用量：103（输入 84，输出 19）\n上限：每人每天 60\n用得最多的：\n1. 30003：103",
            await AskAsync(qq2, "/gpt_control usage"));
        Assert.Equal(0, second.Llm.RequestCount);

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("echo: tomorrow", await AskAsync(qq2, "/gpt tomorrow"));
        Assert.Equal(1, second.Llm.RequestCount);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Sends a private message and returns what the bot says next. The clock first moves a second on, to the chat's
    /// next turn under GPT_MESSAGES_PER_SECOND (which waits on the fake clock too).
    /// </summary>
    private async Task<string> AskAsync(FakeOneBotPeer qq, string text)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        await qq.SendPrivateMessageAsync(Sudoer, text);
        return await qq.NextSentTextAsync();
    }

    private Task<TestBot> StartAsync() => TestBot.StartAsync(
        new Dictionary<string, string?>
        {
            ["GPT_DAILY_TOKENS_PER_USER"] = "60",
            ["GPT_TIMEZONE"] = "UTC",
            ["GPT_SUDOERS"] = Sudoer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The fake clock drives every timer of the host: timeouts longer than the test's jumps keep it about the budget.
            ["GPT_TIMEOUT"] = "3600",
            ["ONEBOT_API_TIMEOUT"] = "3600",
        },
        dataDirectory: _dataDirectory,
        services: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time)));
}
