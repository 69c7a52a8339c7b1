namespace GptBot.Llm.Resilience;

/// <summary>How the LLM HTTP pipeline rides out a flaky provider. Host maps GPT_RETRY_COUNT, GPT_CIRCUIT_BREAK_SECONDS... onto these.</summary>
public sealed class LlmResilienceOptions
{
    /// <summary>Retries after the first attempt for 429, 5xx and connection failures (GPT_RETRY_COUNT). Default 2; 0 turns retries off.</summary>
    public int RetryCount { get; set; } = 2;

    /// <summary>First backoff delay; each further retry doubles it, with jitter. Default 0.5 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The whole request's budget. A retry whose wait (Retry-After or backoff) would end after it is not made: the chat
    /// gets the provider's answer at once instead of a timeout later. The host sets it to the chat's GPT_TIMEOUT; it has
    /// no default of its own (unbounded).
    /// </summary>
    public TimeSpan Budget { get; set; } = TimeSpan.MaxValue;

    /// <summary>How long the circuit stays open once the provider is judged down (GPT_CIRCUIT_BREAK_SECONDS). Default 30 s; zero turns the breaker off.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Requests (each counted once, whatever its retries) finished in <see cref="CircuitSamplingDuration"/> before the
    /// breaker may open. Default 2, so one odd request that fails all its retries does not shut every chat out.
    /// </summary>
    public int CircuitMinimumThroughput { get; set; } = 2;

    /// <summary>
    /// Different chats whose requests failed in <see cref="CircuitSamplingDuration"/> before the breaker may open.
    /// Default 2: one chat whose input makes the provider fail is that chat's problem, not an outage.
    /// </summary>
    public int CircuitMinimumChats { get; set; } = 2;

    /// <summary>Share of failed requests that opens the circuit. Default 0.8: the provider is down, not merely flaky.</summary>
    public double CircuitFailureRatio { get; set; } = 0.8;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an API key that answered 401/402/quota-429 is left aside (GPT_API_KEY_REST_SECONDS). Default 10 min.</summary>
    public TimeSpan KeyRestDuration { get; set; } = TimeSpan.FromMinutes(10);
}
