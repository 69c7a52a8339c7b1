namespace GptBot.Llm.Resilience;

/// <summary>
/// The API keys of GPT_API_KEY, used in turn: the first key that is not resting serves every request, so a healthy
/// key keeps its provider-side cache and rate window. A key the provider refused for good (401, 402, quota) rests
/// for <see cref="LlmResilienceOptions.KeyRestDuration"/>, on the monotonic clock, so a stepped wall clock neither
/// wakes it early nor keeps it asleep. Keys are only ever shown by <see cref="Fingerprint"/>.
/// </summary>
public sealed class ApiKeyPool(IReadOnlyList<string> keys, TimeSpan restDuration, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly long _origin = timeProvider.GetTimestamp();

    /// <summary>When each key wakes, as time since <see cref="_origin"/>; zero for a key that never rested.</summary>
    private readonly TimeSpan[] _restingUntil = new TimeSpan[keys.Count];

    public int Count => keys.Count;

    /// <summary>The key to use now and its index; when every key rests, the one that wakes first (never none).</summary>
    public (int Index, string Key) Current()
    {
        var now = timeProvider.GetElapsedTime(_origin);
        lock (_lock)
        {
            var best = 0;
            for (var i = 0; i < _restingUntil.Length; i++)
            {
                if (_restingUntil[i] <= now)
                {
                    return (i, keys[i]);
                }

                if (_restingUntil[i] < _restingUntil[best])
                {
                    best = i;
                }
            }

            return (best, keys[best]);
        }
    }

    /// <summary>Puts a key aside; true while another key is still awake to take over.</summary>
    public bool Rest(int index)
    {
        var now = timeProvider.GetElapsedTime(_origin);
        lock (_lock)
        {
            _restingUntil[index] = now + restDuration;
            return _restingUntil.Any(until => until <= now);
        }
    }

    public bool IsResting(int index)
    {
        lock (_lock)
        {
            return _restingUntil[index] > timeProvider.GetElapsedTime(_origin);
        }
    }

    /// <summary>What logs show of a key: its position and at most its last 4 characters.</summary>
    public string Fingerprint(int index)
    {
        var key = keys[index];
        var tail = key.Length >= 12 ? key[^4..] : string.Empty;
        return $"#{index + 1} (…{tail})";
    }
}
