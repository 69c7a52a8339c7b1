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
    public async Task A_provider_that_keeps_failing_opens_the_circuit_until_the_break_is_over()
    {
        var healthy = false;
        var inner = new ScriptedHandler((_, _) => ScriptedHandler.Status(healthy ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable));
        using var client = Client(inner, new LlmResilienceOptions { RetryCount = 0, CircuitBreakDuration = TimeSpan.FromSeconds(30) });
        for (var i = 0; i < 4; i++)
        {
            using var failed = await client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        var open = await Assert.ThrowsAsync<ChatBackendException>(() => client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken));
        Assert.Equal(ChatFailureKind.CircuitOpen, open.Failure.Kind);
        Assert.Equal(4, inner.Count);

        healthy = true;
        _time.Advance(TimeSpan.FromSeconds(31));
        using var recovered = await client.PostAsync("http://llm/v1/chat/completions", new StringContent("{}"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
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

    private HttpClient Client(HttpMessageHandler inner, LlmResilienceOptions options) =>
        new(new LlmResilienceHandler(options, _time, NullLogger<LlmResilienceHandler>.Instance) { InnerHandler = inner });
}
