namespace GptBot.Llm.Resilience;

/// <summary>What the breaker lets a request do.</summary>
internal enum CircuitPermit
{
    /// <summary>Closed: go ahead.</summary>
    Pass,

    /// <summary>The break is over: this request alone tries the provider, and its outcome closes or reopens the circuit.</summary>
    Probe,

    /// <summary>Open: fail at once without calling the provider.</summary>
    Refuse,
}

/// <summary>How a recorded outcome changed the circuit, for the log.</summary>
internal enum CircuitChange
{
    None,
    Opened,
    Reopened,
    Closed,
}

/// <summary>
/// Judges whether the LLM provider is down, from whole requests (the outcome after their retries, not each attempt):
/// the circuit opens when, within <see cref="LlmResilienceOptions.CircuitSamplingDuration"/>, at least
/// <see cref="LlmResilienceOptions.CircuitMinimumThroughput"/> requests finished, at least
/// <see cref="LlmResilienceOptions.CircuitFailureRatio"/> of them failed, and the failed ones came from at least
/// <see cref="LlmResilienceOptions.CircuitMinimumChats"/> different chats. So a chat whose input makes a relay fail
/// (however many times it retries or resends) never shuts the other chats out; a provider that fails for everyone
/// still opens the circuit after two chats' failures. Open, it refuses every request for the break; then one probe
/// decides. Time is monotonic, so a stepped wall clock changes nothing.
/// </summary>
internal sealed class RequestCircuitBreaker(LlmResilienceOptions options, TimeProvider timeProvider)
{
    /// <summary>A shorter break only makes the probe race the requests it is meant to hold back.</summary>
    private static readonly TimeSpan ShortestBreak = TimeSpan.FromSeconds(0.5);

    private readonly TimeSpan _break = options.CircuitBreakDuration < ShortestBreak ? ShortestBreak : options.CircuitBreakDuration;
    private readonly Lock _lock = new();
    private readonly Queue<(long At, bool Failed, string Chat)> _window = new();
    private int _failures;
    private bool _open;
    private bool _probing;
    private long _openedAt;

    public TimeSpan BreakDuration => _break;

    /// <summary>Open while the break lasts; half-open once it is over (the next request probes) until the probe decides.</summary>
    public LlmCircuitState State
    {
        get
        {
            lock (_lock)
            {
                if (!_open)
                {
                    return LlmCircuitState.Closed;
                }

                return _probing || timeProvider.GetElapsedTime(_openedAt) >= _break ? LlmCircuitState.HalfOpen : LlmCircuitState.Open;
            }
        }
    }

    public CircuitPermit Enter()
    {
        lock (_lock)
        {
            if (!_open)
            {
                return CircuitPermit.Pass;
            }

            if (_probing || timeProvider.GetElapsedTime(_openedAt) < _break)
            {
                return CircuitPermit.Refuse;
            }

            _probing = true;
            return CircuitPermit.Probe;
        }
    }

    /// <param name="failed">Whether the provider failed this request (after its retries).</param>
    /// <param name="chat">The chat it was made for; null counts as one unnamed chat.</param>
    /// <param name="permit">What <see cref="Enter"/> said for it.</param>
    public CircuitChange Record(bool failed, string? chat, CircuitPermit permit)
    {
        var now = timeProvider.GetTimestamp();
        lock (_lock)
        {
            if (permit == CircuitPermit.Probe)
            {
                _probing = false;
                _open = failed;
                _openedAt = now;
                return failed ? CircuitChange.Reopened : CircuitChange.Closed;
            }

            if (_open)
            {
                // Started before the circuit opened: its outcome is old news.
                return CircuitChange.None;
            }

            _window.Enqueue((now, failed, chat ?? string.Empty));
            _failures += failed ? 1 : 0;
            while (_window.TryPeek(out var oldest) && timeProvider.GetElapsedTime(oldest.At, now) > options.CircuitSamplingDuration)
            {
                _window.Dequeue();
                _failures -= oldest.Failed ? 1 : 0;
            }

            if (!failed || !ProviderLooksDown())
            {
                return CircuitChange.None;
            }

            _open = true;
            _openedAt = now;
            _window.Clear();
            _failures = 0;
            return CircuitChange.Opened;
        }
    }

    private bool ProviderLooksDown()
    {
        if (_window.Count < options.CircuitMinimumThroughput || _failures < options.CircuitFailureRatio * _window.Count)
        {
            return false;
        }

        var failingChats = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, failed, chat) in _window)
        {
            if (failed && failingChats.Add(chat) && failingChats.Count >= options.CircuitMinimumChats)
            {
                return true;
            }
        }

        return false;
    }
}
