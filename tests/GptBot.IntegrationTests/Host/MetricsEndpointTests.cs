using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Host;

/// <summary>
/// /metrics as Prometheus scrapes it from the service running as its own process: the text parses, and the counters
/// move with what the bot does. Only callers on this machine, or with GPT_ADMIN_TOKEN, are answered.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MetricsEndpointTests
{
    private const string AdminToken = "admin-token-for-metrics";

    [Fact]
    public async Task Metrics_parse_as_prometheus_text_and_count_answers_frames_tokens_and_errors_by_kind()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        var settings = TestSettings.For(llm.BaseUrl);
        settings["GPT_RETRY_COUNT"] = "0";
        await using var bot = await GptBotProcess.StartAsync(settings);
        using var http = new HttpClient();
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hello");
        Assert.Equal("echo: hello", await qq.NextSentTextAsync());
        var afterAnswer = await ScrapeUntilAsync(http, bot.Port, samples => samples.Value("gptbot_answers_total", "outcome=answered") == 1);

        llm.Faults = _ => LlmFault.ServerError;
        await qq.SendPrivateMessageAsync(30004, "/gpt fail");
        await qq.NextSentTextAsync();
        var afterError = await ScrapeUntilAsync(http, bot.Port, samples => samples.Value("gptbot_answers_total", "outcome=failed") == 1);

        Assert.Equal(1, afterAnswer.Value("gptbot_onebot_bots_connected"));
        Assert.Equal(1, afterAnswer.Value("gptbot_llm_duration_seconds_count"));
        Assert.Equal(1, afterAnswer.Value("gptbot_llm_time_to_first_token_seconds_count"));
        Assert.Equal(FakeLlmServer.PromptTokens, afterAnswer.Value("gptbot_llm_tokens_total", "direction=input"));
        Assert.Equal("echo: hello".Length, afterAnswer.Value("gptbot_llm_tokens_total", "direction=output"));
        Assert.Equal(1, afterAnswer.Value("gptbot_replies_sent_total", "form=text"));
        Assert.True(afterAnswer.Value("gptbot_onebot_frames_total", "direction=out") >= 1, "the reply's frame went out");
        Assert.True(afterAnswer.Value("gptbot_onebot_frames_total", "direction=in") >= 2, "the message and the send's answer came in");
        Assert.Equal(0, afterAnswer.Value("gptbot_llm_circuit_state"));
        Assert.Equal(1, afterAnswer.Value("gptbot_interval_gate_wait_seconds_count")); // the first request waits for nothing
        Assert.Equal(2, afterError.Value("gptbot_interval_gate_wait_seconds_count"));

        Assert.Equal(1, afterError.Value("gptbot_llm_errors_total", "kind=http_status"));
        Assert.Equal(1, afterError.Value("gptbot_answers_total", "outcome=answered"));
        Assert.True(afterError.Value("gptbot_onebot_frames_total", "direction=in") > afterAnswer.Value("gptbot_onebot_frames_total", "direction=in"));
    }

    [Fact]
    public async Task A_refused_connection_is_counted_by_reason()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        var settings = TestSettings.For(llm.BaseUrl);
        settings["ONEBOT_ACCESS_TOKEN"] = "the-right-onebot-token";
        await using var bot = await GptBotProcess.StartAsync(settings);
        using var http = new HttpClient();

        await Assert.ThrowsAnyAsync<Exception>(() => bot.ConnectAsync(token: "a-wrong-token"));

        await ScrapeUntilAsync(http, bot.Port, samples => samples.Value("gptbot_onebot_connections_refused_total", "reason=token") == 1);
    }

    [Fact]
    public async Task Gpt_metrics_false_serves_nothing_there()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        var settings = TestSettings.For(llm.BaseUrl);
        settings["GPT_METRICS"] = "false";
        await using var bot = await GptBotProcess.StartAsync(settings);
        using var http = new HttpClient();

        using var response = await http.GetAsync(Url(bot.Port), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// A reverse proxy on this machine reaches Kestrel from loopback, so a request it forwarded (it says so in a
    /// forwarding header) is answered as one from elsewhere: only with the admin token.
    /// </summary>
    [Theory]
    [InlineData(null, null, HttpStatusCode.Forbidden)]
    [InlineData(AdminToken, null, HttpStatusCode.Unauthorized)]
    [InlineData(AdminToken, "not-the-admin-token", HttpStatusCode.Forbidden)]
    [InlineData(AdminToken, AdminToken, HttpStatusCode.OK)]
    public async Task A_forwarded_request_needs_the_admin_token(string? configured, string? presented, HttpStatusCode expected)
    {
        await using var llm = await FakeLlmServer.StartAsync();
        var settings = TestSettings.For(llm.BaseUrl);
        settings["GPT_ADMIN_TOKEN"] = configured;
        await using var bot = await GptBotProcess.StartAsync(settings);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(bot.Port));
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        if (presented is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", presented);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        using var local = await http.GetAsync(Url(bot.Port), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    private static Uri Url(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/metrics");

    /// <summary>Scrapes until <paramref name="ready"/> holds (a send's answer frame may trail the reply the test saw), at most 10 s.</summary>
    internal static async Task<IReadOnlyList<PrometheusSample>> ScrapeUntilAsync(HttpClient http, int port, Func<IReadOnlyList<PrometheusSample>, bool> ready)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(Url(port), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var samples = PrometheusText.Parse(text);
            if (ready(samples))
            {
                return samples;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the metrics never showed the expected values:\n" + text);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
