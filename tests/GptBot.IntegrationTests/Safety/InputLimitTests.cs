using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Safety;

/// <summary>GPT_MAX_PROMPT_LENGTH and GPT_USER_RATE_LIMIT, as the chat sees them.</summary>
[Trait("Category", "Integration")]
public sealed class InputLimitTests
{
    private const long Group = 20002;

    [Fact]
    public async Task A_prompt_over_the_limit_is_refused_without_asking_the_llm()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_MAX_PROMPT_LENGTH"] = "20" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt " + new string('长', 21));
        Assert.Equal("问题太长了（最多 20 字），请缩短后再发。", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt " + new string('短', 20));
        Assert.Equal("echo: member: " + new string('短', 20), await qq.NextSentTextAsync());

        Assert.Single(bot.Llm.Requests);
    }

    [Fact]
    public async Task A_member_over_the_rate_is_told_once_and_others_are_still_answered()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_USER_RATE_LIMIT"] = "2" });
        await using var qq = await bot.ConnectAsync();

        for (var i = 1; i <= 5; i++)
        {
            await qq.SendGroupMessageAsync(Group, 30003, $"/gpt q{i}");
        }

        await qq.SendGroupMessageAsync(Group, 30004, "/gpt someone else");
        var texts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            texts.Add(await qq.NextSentTextAsync());
        }

        Assert.Contains("echo: member: q1", texts);
        Assert.Contains("echo: member: q2", texts);
        Assert.Contains("echo: member: someone else", texts);
        Assert.Single(texts, t => t == "你发得太快了，请稍后再试。");
        Assert.False(await qq.ReceivesCallWithinAsync(TimeSpan.FromMilliseconds(300)));

        // The limit is per chat: the same member is still answered in a private chat.
        await qq.SendPrivateMessageAsync(30003, "/gpt private");
        Assert.Equal("echo: private", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_burst_of_four_hundred_private_prompts_is_rate_limited()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_MESSAGES_PER_SECOND"] = "100" });
        await using var qq = await bot.ConnectAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.Llm.Handler = async (request, context) =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await FakeLlmServer.StreamAnswerAsync(context, "echo: " + request.LastUserContent);
        };

        for (var i = 1; i <= 400; i++)
        {
            await qq.SendPrivateMessageAsync(30003, $"/gpt p{i}");
        }

        // Ten a minute (GPT_USER_RATE_LIMIT): the first is answered, five wait (GPT_QUEUE_LIMIT), four find the queue
        // full, and the other 390 are over the rate. Each refusal is told once.
        var refusals = new[] { await qq.NextSentTextAsync(), await qq.NextSentTextAsync() };
        Assert.Equal(["你发得太快了，请稍后再试。", "前面排队的请求太多了，请稍后再发。"], refusals.Order());
        release.SetResult();
        for (var i = 1; i <= 6; i++)
        {
            Assert.Equal($"echo: p{i}", await qq.NextSentTextAsync());
        }

        Assert.False(await qq.ReceivesCallWithinAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(6, bot.Llm.Requests.Count);
    }
}
