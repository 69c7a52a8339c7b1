using System.Net;
using System.Net.Http.Headers;
using GptBot.Chat.Ports;
using GptBot.Llm.Resilience;
using GptBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Llm.Resilience;

public sealed class LlmResilienceHandlerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Retry_after_is_honoured_before_the_next_attempt()
    {
        var inner = new ScriptedHandler((_, n) =>
        {
            if (n > 1)
            {
                return ScriptedHandler.Status(HttpStatusCode.OK);
            }

            var limited = ScriptedHandler.Status(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return limited;
        });
        using var client = Client(inner, new LlmResilienceOptions { Budget = TimeSpan.FromSeconds(20) });

        var sending = client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);
        await inner.WaitForAttemptAsync(1);

        // Step the fake clock until the retry happens: it must not come before 7 s of (fake) time have passed.
        var advanced = TimeSpan.Zero;
        while (!sending.IsCompleted && advanced < TimeSpan.FromSeconds(30))
        {
            Assert.True(inner.Count == 1 || advanced >= TimeSpan.FromSeconds(7), $"retried after {advanced}");
            _time.Advance(TimeSpan.FromMilliseconds(250));
            advanced += TimeSpan.FromMilliseconds(250);
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        Assert.InRange(advanced, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(9));
        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, inner.Count);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_budget_is_not_waited_for()
    {
        var inner = new ScriptedHandler((_, _) =>
        {
            var limited = ScriptedHandler.Status(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(60));
            return limited;
        });
        using var client = Client(inner, new LlmResilienceOptions { Budget = TimeSpan.FromSeconds(20) });

        using var response = await client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, inner.Count);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var inner = new ScriptedHandler((_, _) => ScriptedHandler.Status(HttpStatusCode.BadRequest));
        using var client = Client(inner, new LlmResilienceOptions { RetryBaseDelay = TimeSpan.Zero });

        using var response = await client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, inner.Count);
    }

    [Fact]
    public async Task Failures_from_two_chats_open_the_circuit_until_a_probe_after_the_break_succeeds()
    {
        var healthy = false;
        var inner = new ScriptedHandler((_, _) => ScriptedHandler.Status(healthy ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable));
        using var client = Client(inner, new LlmResilienceOptions { RetryCount = 0, CircuitBreakDuration = TimeSpan.FromSeconds(30) });
        using (var failed = await SendAsync(client, "chat-a"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        using (var failed = await SendAsync(client, "chat-b"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        var open = await Assert.ThrowsAsync<ChatBackendException>(() => SendAsync(client, "chat-c"));
        Assert.Equal(ChatFailureKind.CircuitOpen, open.Failure.Kind);
        Assert.Equal(2, inner.Count);

        healthy = true;
        _time.Advance(TimeSpan.FromSeconds(31));
        using var recovered = await SendAsync(client, "chat-c");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        using var after = await SendAsync(client, "chat-d");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_failed_probe_opens_the_circuit_again()
    {
        var inner = new ScriptedHandler((_, _) => ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable));
        using var client = Client(inner, new LlmResilienceOptions { RetryCount = 0, CircuitBreakDuration = TimeSpan.FromSeconds(30) });
        (await SendAsync(client, "chat-a")).Dispose();
        (await SendAsync(client, "chat-b")).Dispose();

        _time.Advance(TimeSpan.FromSeconds(31));
        (await SendAsync(client, "chat-c")).Dispose();

        var open = await Assert.ThrowsAsync<ChatBackendException>(() => SendAsync(client, "chat-d"));
        Assert.Equal(ChatFailureKind.CircuitOpen, open.Failure.Kind);
        Assert.Equal(3, inner.Count);
    }

    [Fact]
    public async Task One_chats_failing_requests_never_open_the_circuit_for_the_others()
    {
        // The relay answers 500 to whatever this one chat sends (its input), and answers everyone else.
        var inner = new ScriptedHandler((request, _) => ScriptedHandler.Status(LlmRequestSource.Of(request) == "poisoned" ? HttpStatusCode.InternalServerError : HttpStatusCode.OK));
        using var client = Client(inner, new LlmResilienceOptions { RetryCount = 2, RetryBaseDelay = TimeSpan.Zero });
        for (var i = 0; i < 5; i++)
        {
            using var failed = await SendAsync(client, "poisoned");
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using var other = await SendAsync(client, "healthy");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_circuit_counts_requests_not_retry_attempts()
    {
        // Three chats' requests succeed on their last retry, then two other chats' requests fail every attempt:
        // 17 of 20 attempts failed, but only 2 of 5 requests.
        var failing = new HashSet<string> { "a", "b" };
        var attempts = new Dictionary<string, int>();
        var inner = new ScriptedHandler((request, _) =>
        {
            var chat = LlmRequestSource.Of(request)!;
            lock (attempts)
            {
                attempts[chat] = attempts.GetValueOrDefault(chat) + 1;
                return ScriptedHandler.Status(failing.Contains(chat) || attempts[chat] < 4 ? HttpStatusCode.BadGateway : HttpStatusCode.OK);
            }
        });
        using var client = Client(inner, new LlmResilienceOptions { RetryCount = 3, RetryBaseDelay = TimeSpan.Zero });

        foreach (var chat in new[] { "c", "d", "e" })
        {
            using var recovered = await SendAsync(client, chat);
            Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        }

        foreach (var chat in new[] { "a", "b" })
        {
            using var failed = await SendAsync(client, chat);
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }

        using var next = await SendAsync(client, "f");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Requests_that_name_no_chat_count_as_one_chat()
    {
        var inner = new ScriptedHandler((_, _) => ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable));
        using var client = Client(inner, new LlmResilienceOptions { RetryCount = 0 });
        for (var i = 0; i < 4; i++)
        {
            using var failed = await client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        using var named = await SendAsync(client, "chat-a");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, named.StatusCode);
        await Assert.ThrowsAsync<ChatBackendException>(() => SendAsync(client, "chat-b"));
        Assert.Equal(5, inner.Count);
    }

    [Fact]
    public async Task Quota_refusals_rotate_keys_and_logs_see_only_a_fingerprint()
    {
        string[] keys = ["sk-aaaaaaaaaaaaaaaa1111", "sk-bbbbbbbbbbbbbbbb2222"];
        var inner = new ScriptedHandler((request, _) => request.Headers.Authorization?.Parameter == keys[0]
            ? ScriptedHandler.Status(HttpStatusCode.TooManyRequests, """{"error":{"code":"insufficient_quota"}}""")
            : ScriptedHandler.Status(HttpStatusCode.OK));
        var pool = new ApiKeyPool(keys, TimeSpan.FromMinutes(10), _time);
        using var client = new HttpClient(new ApiKeyRotationHandler(pool, NullLogger<ApiKeyRotationHandler>.Instance) { InnerHandler = inner });

        using var first = await client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);
        using var second = await client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(11));
        using var third = await client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal([keys[0], keys[1], keys[1], keys[0], keys[1]], inner.Authorizations);
        Assert.Equal("#1 (…1111)", pool.Fingerprint(0));
        Assert.DoesNotContain("aaaa", new ApiKeyPool(["sk-short"], TimeSpan.FromMinutes(1), _time).Fingerprint(0), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rested_key_wakes_on_time_though_the_wall_clock_steps_back_an_hour()
    {
        var clock = new SteppedWallClock();
        var pool = new ApiKeyPool(["sk-aaaaaaaaaaaaaaaa1111", "sk-bbbbbbbbbbbbbbbb2222"], TimeSpan.FromMinutes(10), clock);
        Assert.True(pool.Rest(0));
        Assert.Equal(1, pool.Current().Index);

        clock.StepBack(TimeSpan.FromHours(1));
        clock.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.False(pool.IsResting(0));
        Assert.Equal(0, pool.Current().Index);
    }

    [Fact]
    public async Task No_key_reaches_the_log_whatever_happens()
    {
        string[] keys = ["sk-proj-SECRETSECRETSECRET-1111", "sk-proj-OTHEROTHEROTHER-2222"];
        var inner = new ScriptedHandler((_, n) => n switch
        {
            1 => ScriptedHandler.Status(HttpStatusCode.Unauthorized),
            2 => ScriptedHandler.Status(HttpStatusCode.InternalServerError),
            _ => ScriptedHandler.Status(HttpStatusCode.PaymentRequired),
        });
        var rotationLog = new FakeLogger<ApiKeyRotationHandler>();
        var resilienceLog = new FakeLogger<LlmResilienceHandler>();
        var rotation = new ApiKeyRotationHandler(new ApiKeyPool(keys, TimeSpan.FromMinutes(10), _time), rotationLog) { InnerHandler = inner };
        using var client = new HttpClient(new LlmResilienceHandler(new LlmResilienceOptions { RetryBaseDelay = TimeSpan.Zero }, _time, resilienceLog) { InnerHandler = rotation });

        using var response = await client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);

        var log = rotationLog.Collector.Text() + "\n" + resilienceLog.Collector.Text();
        Assert.NotEmpty(rotationLog.Collector.GetSnapshot());
        Assert.DoesNotContain("SECRET", log, StringComparison.Ordinal);
        Assert.DoesNotContain("OTHER", log, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string chat)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "http://llm/v1/chat/completions") { Content = new StringContent("{}") };
        LlmRequestSource.Set(request, chat);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private HttpClient Client(HttpMessageHandler inner, LlmResilienceOptions options) =>
        new(new LlmResilienceHandler(options, _time, NullLogger<LlmResilienceHandler>.Instance) { InnerHandler = inner });
}
