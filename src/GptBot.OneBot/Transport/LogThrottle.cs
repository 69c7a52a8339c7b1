namespace GptBot.OneBot.Transport;

/// <summary>Lets one log line through per period and counts what it held back, so a misbehaving peer cannot flood the log.</summary>
public sealed class LogThrottle(TimeProvider timeProvider, TimeSpan period)
{
    private long _nextAllowedTicks;
    private int _suppressed;

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> is how many were held back since the last one.</summary>
    public bool TryEnter(out int suppressed)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextAllowedTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextAllowedTicks, now + period.Ticks, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
