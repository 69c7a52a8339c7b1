using System.Diagnostics;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Faults;

/// <summary>
/// A flaky LLM provider, on the wire: each fault ends with an answer or a clear text in the chat, another chat is
/// still answered afterwards, and the exchange before the fault is still in the chat's next request.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LlmFaultTests
{
    private const long Group = 20002;
    private const long OtherGroup = 20003;

    [Fact]
    public async Task Rate_limit_with_retry_after_is_retried_and_then_answered()
    {
        await using var bot = await TestBot.StartAsync();
        FaultScript.Install(bot.Llm, async (_, context, attempt) =>
        {
            if (attempt == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                await FakeLlmServer.ErrorAsync(context, 429, "Too Many Requests", """{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}""");
                return;
            }

            await FakeLlmServer.StreamAnswerAsync(context, "after the wait");
        });
        await using var qq = await bot.ConnectAsync();

        var clock = Stopwatch.StartNew();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt FAULT please");

        Assert.Equal("after the wait", await qq.NextSentTextAsync());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"the retry came after {clock.Elapsed}, before Retry-After");
        Assert.Equal(2, bot.Llm.Requests.Count);
    }

    [Fact]
    public async Task Server_error_after_retries_tells_the_chat_and_keeps_history()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_CIRCUIT_BREAK_SECONDS"] = "0" });
        FaultScript.Install(bot.Llm, (_, context, _) => FakeLlmServer.ErrorAsync(context, 500));
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt FAULT");
        Assert.Equal("error 500: Internal Server Error", await qq.NextSentTextAsync());
        Assert.Equal(1 + 3, bot.Llm.Requests.Count); // the first answer, then the fault tried once and retried twice

        await AssertStillServingAsync(bot, qq);
    }

    [Fact]
    public async Task Bad_gateway_with_an_html_body_gives_a_short_error_text()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_RETRY_COUNT"] = "0" });
        FaultScript.Install(bot.Llm, (_, context, _) => FakeLlmServer.ErrorAsync(
            context, 502, "Bad Gateway", "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>", "text/html"));
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt FAULT");
        var text = await qq.NextSentTextAsync();
        Assert.Equal("error 502: Bad Gateway", text);
        Assert.DoesNotContain("<html>", text, StringComparison.Ordinal);

        await AssertStillServingAsync(bot, qq);
    }

    [Fact]
    public async Task Stream_cut_in_the_middle_keeps_the_lines_sent_and_says_the_connection_broke()
    {
        await using var bot = await TestBot.StartAsync();
        var firstLineSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        FaultScript.Install(bot.Llm, async (_, context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await FakeLlmServer.WriteFrameAsync(context, """{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"line one\nline t"},"finish_reason":null}]}""");
            await firstLineSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            context.Abort();
        });
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt FAULT");
        Assert.Equal("line one", await qq.NextSentTextAsync());
        firstLineSeen.SetResult();
        Assert.Equal("与 LLM 服务的连接中断，请重试。", await qq.NextSentTextAsync());
        Assert.Equal(2, bot.Llm.Requests.Count); // streaming had begun: never retried

        await AssertStillServingAsync(bot, qq);
    }

    [Fact]
    public async Task Invalid_json_in_the_stream_gives_a_clear_text()
    {
        await using var bot = await TestBot.StartAsync();
        FaultScript.Install(bot.Llm, (_, context, _) => FakeLlmServer.InvalidJsonAsync(context));
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt FAULT");
        Assert.Equal("LLM 返回了无法解析的内容，请查看日志输出。", await qq.NextSentTextAsync());

        await AssertStillServingAsync(bot, qq);
    }

    [Fact]
    public async Task Hanging_provider_times_out_within_gpt_timeout()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TIMEOUT"] = "1" });
        FaultScript.Install(bot.Llm, (_, context, _) => FakeLlmServer.HangAsync(context));
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt first");
        Assert.Equal("echo: member: first", await qq.NextSentTextAsync());

        var clock = Stopwatch.StartNew();
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt FAULT");
        Assert.Equal("请求超时", await qq.NextSentTextAsync(TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"timed out after {clock.Elapsed}");

        await AssertStillServingAsync(bot, qq);
    }

    [Fact]
    public async Task Provider_down_opens_the_circuit_and_chats_are_told_at_once()
    {
        // Two failed requests from two different chats are the breaker's minimum sample.
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_RETRY_COUNT"] = "1" });
        var down = true;
        bot.Llm.Handler = (request, context) => down
            ? FakeLlmServer.ErrorAsync(context, 503, "Service Unavailable")
            : FakeLlmServer.StreamAnswerAsync(context, bot.Llm.DefaultAnswer(request));
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt one");
        Assert.Equal("error 503: Service Unavailable", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(OtherGroup, 30004, "/gpt two");
        Assert.Equal("error 503: Service Unavailable", await qq.NextSentTextAsync());

        var clock = Stopwatch.StartNew();
        await qq.SendGroupMessageAsync(20004, 30005, "/gpt three");
        Assert.Equal("LLM 服务暂时不可用，请稍后再试。", await qq.NextSentTextAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the open circuit still took {clock.Elapsed} (GPT_TIMEOUT is 10 s)");
        Assert.Equal(4, bot.Llm.Requests.Count);
        down = false;
    }

    [Fact]
    public async Task One_chats_prompts_that_make_the_relay_fail_do_not_shut_out_other_chats()
    {
        // Two requests of one chat, each failing every attempt, were once enough to open the circuit for everyone.
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_RETRY_COUNT"] = "1" });
        bot.Llm.Handler = (request, context) => request.LastUserContent.Contains("poison", StringComparison.Ordinal)
            ? FakeLlmServer.ErrorAsync(context, 500, "Internal Server Error")
            : FakeLlmServer.StreamAnswerAsync(context, bot.Llm.DefaultAnswer(request));
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt poison one");
        Assert.Equal("error 500: Internal Server Error", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt poison two");
        Assert.Equal("error 500: Internal Server Error", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(OtherGroup, 30004, "/gpt hello");
        Assert.Equal("echo: member: hello", await qq.NextSentTextAsync());
        Assert.Equal(5, bot.Llm.Requests.Count);
    }

    [Fact]
    public async Task An_exhausted_key_is_rested_and_the_next_key_answers()
    {
        const string first = "sk-first-key-000000000000aaaa";
        const string second = "sk-second-key-00000000000bbbb";
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_API_KEY"] = $"[\"{first}\", \"{second}\"]" });
        bot.Llm.Handler = (request, context) => request.Authorization == "Bearer " + first
            ? FakeLlmServer.ErrorAsync(context, 429, "Too Many Requests", """{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}""")
            : FakeLlmServer.StreamAnswerAsync(context, bot.Llm.DefaultAnswer(request));
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt one");
        Assert.Equal("echo: member: one", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt two");
        Assert.Equal("echo: member: two", await qq.NextSentTextAsync());

        // The first key was tried once, then rested: the second request went straight to the second key.
        Assert.Equal(["Bearer " + first, "Bearer " + second, "Bearer " + second], bot.Llm.Requests.Select(r => r.Authorization).ToArray());
    }

    [Fact]
    public async Task Every_key_exhausted_tells_the_chat()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_API_KEY"] = "sk-one-0000000000001111,sk-two-0000000000002222" });
        bot.Llm.Handler = (_, context) => FakeLlmServer.ErrorAsync(context, 401, "Unauthorized", """{"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}}""");
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt one");

        Assert.Equal("error 401: Unauthorized", await qq.NextSentTextAsync());
        Assert.Equal(2, bot.Llm.Requests.Count); // each key once; a refused key is not retried
    }

    /// <summary>Another chat is answered, and the faulted chat's next request still carries its first exchange.</summary>
    private static async Task AssertStillServingAsync(TestBot bot, FakeOneBotPeer qq)
    {
        await qq.SendGroupMessageAsync(OtherGroup, 30004, "/gpt other chat");
        Assert.Equal("echo: member: other chat", await qq.NextSentTextAsync());

        var before = bot.Llm.Requests.Count;
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt again");
        Assert.Equal("echo: member: again", await qq.NextSentTextAsync());
        FaultScript.AssertHistoryKept(bot.Llm.Requests.Skip(before).Single(), "first");
    }
}
