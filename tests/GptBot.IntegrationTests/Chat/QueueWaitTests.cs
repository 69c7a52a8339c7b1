using GptBot.IntegrationTests.Infrastructure;

namespace GptBot.IntegrationTests.Chat;

/// <summary>
/// Waiting behind the same chat's earlier answers: GPT_TIMEOUT is the time for one answer only, and the wait in the
/// queue has its own bound, GPT_QUEUE_TIMEOUT, off by default as the original plugin never dropped a request. Times
/// are scaled down (answers of 1.2 s against a GPT_TIMEOUT of 2 s) so the tests stay fast.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QueueWaitTests
{
    private const long Group = 20002;

    [Fact]
    public async Task Three_prompts_in_one_chat_are_all_answered_though_the_last_waits_longer_than_gpt_timeout()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TIMEOUT"] = "2" });
        bot.Llm.Latency = TimeSpan.FromSeconds(1.2);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt one", card: "A");
        await qq.SendGroupMessageAsync(Group, 30004, "/gpt two", card: "B");
        await qq.SendGroupMessageAsync(Group, 30005, "/gpt three", card: "C");

        Assert.Equal("echo: A: one", await qq.NextSentTextAsync());
        Assert.Equal("echo: B: two", await qq.NextSentTextAsync());
        Assert.Equal("echo: C: three", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_prompt_that_waited_longer_than_gpt_queue_timeout_is_told_to_resend()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_QUEUE_TIMEOUT"] = "1" });
        bot.Llm.Latency = TimeSpan.FromSeconds(1.5);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt one", card: "A");
        await qq.SendGroupMessageAsync(Group, 30004, "/gpt two", card: "B");

        Assert.Equal("echo: A: one", await qq.NextSentTextAsync());
        Assert.Equal("排队等待超时，请重新发送。", await qq.NextSentTextAsync());
        Assert.Single(bot.Llm.Requests);
    }
}
