using GptBot.Chat.Replies;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Persistence;

/// <summary>One chat is answered one request at a time in arrival order; other chats do not wait for it.</summary>
[Trait("Category", "Integration")]
public sealed class ConversationOrderTests
{
    private const long BusyGroup = 20002;
    private const long OtherGroup = 20003;

    [Fact]
    public async Task Five_prompts_sent_at_once_are_answered_in_order_without_interleaving_while_another_group_is_answered_meanwhile()
    {
        // Every line its own message, unpaced, so interleaved answers would show as mixed lines.
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_STREAM_COALESCE_MS"] = "0", ["GPT_MESSAGES_PER_SECOND"] = "100" });
        var firstMayAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.Llm.Handler = async (request, context) =>
        {
            var prompt = request.LastUserContent[(request.LastUserContent.IndexOf(':', StringComparison.Ordinal) + 2)..];
            if (prompt == "A1")
            {
                await firstMayAnswer.Task.WaitAsync(context.RequestAborted);
            }

            // Three lines streamed slowly: interleaved answers would show as mixed lines.
            await FakeLlmServer.StreamAnswerAsync(context, $"{prompt} line 1\n{prompt} line 2\n{prompt} line 3", chunkSize: 3, delayBetweenChunks: TimeSpan.FromMilliseconds(5));
        };
        await using var qq = await bot.ConnectAsync();

        for (var i = 1; i <= 5; i++)
        {
            await qq.SendGroupMessageAsync(BusyGroup, userId: 30000 + i, $"/gpt A{i}");
        }

        await qq.SendGroupMessageAsync(OtherGroup, userId: 30009, "/gpt B1");

        // B is answered while A1 is still held at the LLM.
        var sent = new List<ApiCall>();
        while (sent.Count(c => c.GroupId == OtherGroup) < 3)
        {
            sent.Add(await qq.NextCallAsync());
        }

        Assert.DoesNotContain(sent, c => c.GroupId == BusyGroup);
        firstMayAnswer.SetResult();
        while (sent.Count(c => c.GroupId == BusyGroup) < 15)
        {
            sent.Add(await qq.NextCallAsync());
        }

        var expected = Enumerable.Range(1, 5).SelectMany(i => Enumerable.Range(1, 3).Select(line => $"A{i} line {line}"));
        Assert.Equal(expected, sent.Where(c => c.GroupId == BusyGroup).Select(c => c.Text));
        // Each A request reached the LLM only after the previous answer was complete, carrying it as history.
        var aRequests = bot.Llm.Requests.Where(r => r.LastUserContent.Contains(": A", StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, aRequests.Length);
        Assert.Equal([1, 3, 5, 7, 9], aRequests.Select(r => r.Messages.Count));
    }

    [Fact]
    public async Task Beyond_the_queue_limit_the_user_is_told_the_bot_is_busy_and_the_prompt_is_not_queued()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_QUEUE_LIMIT"] = "2" });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.Llm.Handler = async (request, context) =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await FakeLlmServer.StreamAnswerAsync(context, "answer to " + request.LastUserContent);
        };
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(BusyGroup, userId: 30001, "/gpt first");
        await bot.Llm.NextRequestAsync(); // being answered: the two next ones wait in the queue
        await qq.SendGroupMessageAsync(BusyGroup, userId: 30001, "/gpt second");
        await qq.SendGroupMessageAsync(BusyGroup, userId: 30001, "/gpt third");
        await qq.SendGroupMessageAsync(BusyGroup, userId: 30001, "/gpt fourth");

        Assert.Equal(ChatTexts.QueueFull, await qq.NextSentTextAsync());
        release.SetResult();
        Assert.EndsWith("first", await qq.NextSentTextAsync());
        Assert.EndsWith("second", await qq.NextSentTextAsync());
        Assert.EndsWith("third", await qq.NextSentTextAsync());
        Assert.DoesNotContain(bot.Llm.Requests, r => r.LastUserContent.Contains("fourth", StringComparison.Ordinal));
    }
}
