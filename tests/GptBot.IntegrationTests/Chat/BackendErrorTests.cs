using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;
using Microsoft.AspNetCore.Http;

namespace GptBot.IntegrationTests.Chat;

/// <summary>Every failure gets the seed's text in the chat, and the bot keeps answering afterwards.</summary>
[Trait("Category", "Integration")]
public sealed class BackendErrorTests
{
    [Theory]
    [InlineData(429, "Too Many Requests", "error 429: Too Many Requests")]
    [InlineData(500, null, "error 500: Internal Server Error")]
    [InlineData(403, "Forbidden", "error 403: Forbidden")]
    [InlineData(401, "Unauthorized", "error 401: Unauthorized")]
    [InlineData(502, "Bad Gateway", "error 502: Bad Gateway")]
    public async Task An_http_error_is_reported_with_status_and_reason(int status, string? reason, string expected)
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = (_, context) => FakeLlmServer.ErrorAsync(context, status, reason);

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");
        var error = await qq.NextCallAsync();

        Assert.Equal(expected, error.Text);
        Assert.Equal(20002, error.GroupId);
        await AssertStillAnswersAsync(bot, qq);
    }

    [Theory]
    [InlineData(500, "BUY CHEAP PILLS", "error 500: Internal Server Error")]
    [InlineData(429, "Join qq group 123456 for free keys", "error 429: Too Many Requests")]
    [InlineData(403, "Forbidden (cf-ray 8a1b)", "error 403: Forbidden")]
    public async Task A_relays_own_reason_phrase_never_reaches_the_chat_which_gets_the_standard_one(int status, string reason, string expected)
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_RETRY_COUNT"] = "0" });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = (_, context) => FakeLlmServer.ErrorAsync(context, status, reason);

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");

        Assert.Equal(expected, await qq.NextSentTextAsync());
        await AssertStillAnswersAsync(bot, qq);
    }

    [Fact]
    public async Task An_endless_error_body_is_read_only_so_far_and_the_chat_gets_the_error_at_once()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_RETRY_COUNT"] = "0", ["GPT_TIMEOUT"] = "5" });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = (_, context) => EndlessErrorAsync(context, 500);

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");

        Assert.Equal("error 500: Internal Server Error", await qq.NextSentTextAsync(TimeSpan.FromSeconds(4)));
        await AssertStillAnswersAsync(bot, qq);
    }

    [Fact]
    public async Task An_endless_429_body_is_read_only_so_far_when_checking_for_an_exhausted_key()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_API_KEY"] = "[\"sk-one\", \"sk-two\"]",
            ["GPT_RETRY_COUNT"] = "0",
            ["GPT_TIMEOUT"] = "5",
        });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = (_, context) => EndlessErrorAsync(context, 429);

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");

        Assert.Equal("error 429: Too Many Requests", await qq.NextSentTextAsync(TimeSpan.FromSeconds(4)));
        await AssertStillAnswersAsync(bot, qq);
    }

    [Fact]
    public async Task A_timeout_says_so_and_keeps_the_lines_already_sent()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TIMEOUT"] = "1" });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = async (_, context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await FakeLlmServer.WriteFrameAsync(context, """{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"already said\nhalf a li"},"finish_reason":null}]}""");
            await FakeLlmServer.HangAsync(context);
        };

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt tell me a long story");

        Assert.Equal("already said", await qq.NextSentTextAsync());

        // The unfinished line is dropped, as in the seed: the timeout text follows the complete lines.
        Assert.Equal("请求超时", await qq.NextSentTextAsync(TimeSpan.FromSeconds(5)));
        await AssertStillAnswersAsync(bot, qq);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TIMEOUT"] = "1" });
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = (_, context) => FakeLlmServer.HangAsync(context);

        await qq.SendPrivateMessageAsync(30003, "/gpt hello?");

        Assert.Equal("请求超时", await qq.NextSentTextAsync(TimeSpan.FromSeconds(5)));
        await AssertStillAnswersAsync(bot, qq);
    }

    [Fact]
    public async Task A_refused_connection_gets_a_clear_text_and_the_bot_stays_up()
    {
        var closedPort = FreePort.Pick();
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_API_BASEURL"] = $"http://127.0.0.1:{closedPort}/v1" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");
        Assert.Equal("无法连接到 LLM 服务，请查看日志输出。", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(20003, 30003, "/gpt again");
        Assert.Equal("无法连接到 LLM 服务，请查看日志输出。", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_stream_that_breaks_off_is_reported()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        var partialSeen = new TaskCompletionSource();
        bot.Llm.Handler = async (_, context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await FakeLlmServer.WriteFrameAsync(context, """{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"partial\n"},"finish_reason":null}]}""");
            await partialSeen.Task.WaitAsync(context.RequestAborted);
            context.Abort();
        };

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");

        Assert.Equal("partial", await qq.NextSentTextAsync());
        partialSeen.SetResult();
        Assert.Equal("与 LLM 服务的连接中断，请重试。", await qq.NextSentTextAsync());
        await AssertStillAnswersAsync(bot, qq);
    }

    /// <summary>An error status whose body never ends (a misbehaving relay): it writes until the client hangs up.</summary>
    private static async Task EndlessErrorAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        var block = new string('x', 4096);
        while (!context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.WriteAsync(block, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static async Task AssertStillAnswersAsync(TestBot bot, FakeOneBotPeer qq)
    {
        bot.Llm.Handler = null;
        await qq.SendGroupMessageAsync(29999, 30003, "/gpt are you there?", card: "Alice");
        var reply = await qq.NextCallAsync();
        Assert.Equal(29999, reply.GroupId);
        Assert.Equal("echo: Alice: are you there?", reply.Text);
    }
}
