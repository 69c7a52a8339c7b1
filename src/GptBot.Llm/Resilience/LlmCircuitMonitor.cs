namespace GptBot.Llm.Resilience;

/// <summary>Where the LLM circuit breaker stands, as the metrics and the readiness check report it.</summary>
public enum LlmCircuitState
{
    /// <summary>Requests go to the provider (also when no breaker is configured, GPT_CIRCUIT_BREAK_SECONDS=0).</summary>
    Closed = 0,

    /// <summary>The provider failed for several chats: every chat is answered at once with the "unavailable" text.</summary>
    Open = 1,

    /// <summary>The break is over: the next request is the probe that closes or reopens the circuit.</summary>
    HalfOpen = 2,
}

/// <summary>
/// The state of the LLM backend's circuit breaker, read by whoever must know whether the provider is being called at
/// all (the <c>gptbot.llm.circuit_state</c> gauge, the readiness check). The breaker is the whole backend's (one per
/// HTTP pipeline, judging all chats), not one chat's: one chat whose input makes a relay fail never opens it.
/// </summary>
public sealed class LlmCircuitMonitor
{
    private RequestCircuitBreaker? _breaker;

    /// <summary>The breaker's state now; <see cref="LlmCircuitState.Closed"/> while there is none.</summary>
    public LlmCircuitState State => Volatile.Read(ref _breaker)?.State ?? LlmCircuitState.Closed;

    internal void Watch(RequestCircuitBreaker breaker) => Volatile.Write(ref _breaker, breaker);
}
