namespace GptBot.Chat.Dispatch;

/// <summary>Lets one log line through per period and counts what it held back, so a flood cannot flood the log too.</summary>
internal sealed class QuietPeriod(TimeSpan period)
{
    private long _next;
    private int _suppressed;

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> is how many were held back since the last one.</summary>
    public bool TryEnter(TimeProvider timeProvider, out int suppressed)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _next);
        if (now >= next && Interlocked.CompareExchange(ref _next, now + period.Ticks, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
