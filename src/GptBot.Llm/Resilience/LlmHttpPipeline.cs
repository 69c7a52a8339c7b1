using Microsoft.Extensions.Logging;

namespace GptBot.Llm.Resilience;

/// <summary>
/// Wraps the socket handler of any HTTP-based LLM backend: retry and circuit breaker outside, API-key rotation inside
/// (only with several keys), so each retry again takes the first key that is awake.
/// </summary>
public static class LlmHttpPipeline
{
    public static HttpMessageHandler Wrap(
        HttpMessageHandler socketHandler,
        LlmResilienceOptions options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IReadOnlyList<string>? apiKeys = null,
        LlmMetrics? metrics = null)
    {
        var inner = socketHandler;
        if (apiKeys is { Count: > 1 })
        {
            var pool = new ApiKeyPool(apiKeys, options.KeyRestDuration, timeProvider);
            inner = new ApiKeyRotationHandler(pool, loggerFactory.CreateLogger<ApiKeyRotationHandler>()) { InnerHandler = inner };
        }

        return new LlmResilienceHandler(options, timeProvider, loggerFactory.CreateLogger<LlmResilienceHandler>(), metrics) { InnerHandler = inner };
    }
}
