using System.Collections.Concurrent;
using System.Diagnostics;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;
using Microsoft.AspNetCore.Http;

namespace GptBot.IntegrationTests.Chat;

[Trait("Category", "Integration")]
public sealed class StreamingAndIntervalTests
{
    [Fact]
    public async Task Each_completed_line_is_its_own_message_without_empty_or_repeated_ones()
    {
        // The seed's pure line streaming: no coalescing window and no pacing (the defaults join lines that arrive together).
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_STREAM_COALESCE_MS"] = "0", ["GPT_MESSAGES_PER_SECOND"] = "100" });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.DefaultAnswer = request => request.LastUserContent.EndsWith("lines", StringComparison.Ordinal) ? "a\nb\n\nc" : "end";

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt lines");
        Assert.Equal("a", await qq.NextSentTextAsync());
        Assert.Equal("b", await qq.NextSentTextAsync());
        Assert.Equal("c", await qq.NextSentTextAsync());

        // The next thing the chat sees is the next answer: no empty message and no repeated "c" in between.
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt next");
        Assert.Equal("end", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Line_streaming_sends_a_code_block_once_it_closes_and_goes_on_streaming_after_it()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_STREAM_COALESCE_MS"] = "0", ["GPT_MESSAGES_PER_SECOND"] = "100" });
        await using var qq = await bot.ConnectAsync();
        var release = new TaskCompletionSource();
        bot.Llm.Handler = async (_, context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await FakeLlmServer.WriteChunkAsync(context, "Here is the code:\n```python\nprint(1)\n");
            await FakeLlmServer.WriteChunkAsync(context, "```\nIt prints 1.\nAnd");
            await release.Task.WaitAsync(context.RequestAborted);
            await FakeLlmServer.WriteChunkAsync(context, " that is all.");
            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        };

        await qq.SendPrivateMessageAsync(30003, "/gpt show me");

        Assert.Equal("Here is the code:", await qq.NextSentTextAsync());
        Assert.Equal("```python\nprint(1)\n```", await qq.NextSentTextAsync());
        Assert.Equal("It prints 1.", await qq.NextSentTextAsync());
        release.SetResult();
        Assert.Equal("And that is all.", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Line_streaming_keeps_the_indentation_of_each_line()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_STREAM_COALESCE_MS"] = "0", ["GPT_MESSAGES_PER_SECOND"] = "100" });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.DefaultAnswer = _ => "Steps:\n  1. install\n      apt-get install fonts-wqy-microhei\n\tthen restart\n";

        await qq.SendPrivateMessageAsync(30003, "/gpt how?");

        Assert.Equal("Steps:", await qq.NextSentTextAsync());
        Assert.Equal("  1. install", await qq.NextSentTextAsync());
        Assert.Equal("      apt-get install fonts-wqy-microhei", await qq.NextSentTextAsync());
        Assert.Equal("\tthen restart", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_line_is_sent_before_the_answer_is_complete()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        var release = new TaskCompletionSource();
        bot.Llm.Handler = async (_, context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await FakeLlmServer.WriteFrameAsync(context, """{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"first line\nsec"},"finish_reason":null}]}""");
            await release.Task.WaitAsync(context.RequestAborted);
            await FakeLlmServer.WriteFrameAsync(context, """{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"ond line"},"finish_reason":"stop"}]}""");
            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        };

        await qq.SendPrivateMessageAsync(30003, "/gpt stream");

        Assert.Equal("first line", await qq.NextSentTextAsync());
        release.SetResult();
        Assert.Equal("second line", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task The_minimal_interval_spaces_request_starts_across_chats_and_drops_nothing()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_REQUEST_MINIMAL_INTERVAL"] = "1" });
        await using var qq = await bot.ConnectAsync();
        var starts = new ConcurrentQueue<(string Prompt, long At)>();
        bot.Llm.Handler = async (request, context) =>
        {
            starts.Enqueue((request.LastUserContent, Stopwatch.GetTimestamp()));
            await FakeLlmServer.StreamAnswerAsync(context, "echo: " + request.LastUserContent);
        };

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt one", card: "A");
        await qq.SendGroupMessageAsync(20003, 30003, "/gpt two", card: "A");
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt three", card: "A");

        var replies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(await qq.NextSentTextAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Equal(["echo: A: one", "echo: A: three", "echo: A: two"], replies.Order());
        var times = starts.ToArray();
        Assert.Equal(["A: one", "A: two", "A: three"], times.Select(t => t.Prompt));
        for (var i = 1; i < times.Length; i++)
        {
            var gap = Stopwatch.GetElapsedTime(times[i - 1].At, times[i].At);
            Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"request {i + 1} started {gap.TotalMilliseconds:0} ms after the previous one");
        }
    }

    [Fact]
    public async Task Waiting_for_the_interval_does_not_count_against_the_timeout()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_TIMEOUT"] = "1",
            ["GPT_REQUEST_MINIMAL_INTERVAL"] = "1.5",
        });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt first", card: "A");
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt second", card: "A");

        Assert.Equal("echo: A: first", await qq.NextSentTextAsync());
        Assert.Equal("echo: A: second", await qq.NextSentTextAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_request_that_would_wait_past_gpt_interval_max_wait_is_refused_at_once()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_REQUEST_MINIMAL_INTERVAL"] = "2",
            ["GPT_INTERVAL_MAX_WAIT"] = "3",
        });
        await using var qq = await bot.ConnectAsync();

        // Start slots at 0 s and 2 s; the third and fourth would start 4 s from now, past the 3 s bound.
        for (var group = 1; group <= 4; group++)
        {
            await qq.SendGroupMessageAsync(20000 + group, 30003, $"/gpt q{group}", card: "A");
        }

        var replies = new List<(long? Group, string Text)>();
        for (var i = 0; i < 4; i++)
        {
            var call = await qq.NextCallAsync();
            replies.Add((call.GroupId, call.Text));
        }

        Assert.Equal([(20001, "echo: A: q1"), (20002, "echo: A: q2")], replies.Where(r => r.Text.StartsWith("echo", StringComparison.Ordinal)).OrderBy(r => r.Group));
        Assert.Equal(
            [(20003, "现在请求太多，排队要超过 3 秒，请稍后再发。"), (20004, "现在请求太多，排队要超过 3 秒，请稍后再发。")],
            replies.Where(r => !r.Text.StartsWith("echo", StringComparison.Ordinal)).OrderBy(r => r.Group));
        Assert.Equal(2, bot.Llm.Requests.Count);
    }

    [Fact]
    public async Task A_full_chat_queue_refuses_politely_and_keeps_what_it_accepted()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_QUEUE_LIMIT"] = "1" });
        await using var qq = await bot.ConnectAsync();
        var release = new TaskCompletionSource();
        bot.Llm.Handler = async (request, context) =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await FakeLlmServer.StreamAnswerAsync(context, "echo: " + request.LastUserContent);
        };

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt one", card: "A");
        await bot.Llm.NextRequestAsync();
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt two", card: "A");
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt three", card: "A");

        Assert.Equal("前面排队的请求太多了，请稍后再发。", await qq.NextSentTextAsync());
        release.SetResult();
        Assert.Equal("echo: A: one", await qq.NextSentTextAsync());
        Assert.Equal("echo: A: two", await qq.NextSentTextAsync());
        Assert.Equal("A: two", (await bot.Llm.NextRequestAsync()).LastUserContent);
    }
}
