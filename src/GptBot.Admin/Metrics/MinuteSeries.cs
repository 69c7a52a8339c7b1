namespace GptBot.Admin.Metrics;

/// <summary>
/// Per-minute totals of the last hour, in a ring of 60 slots: answers sent, answers that failed and the LLM's time. A slot is
/// reused when its minute comes round again. Not thread-safe: <see cref="ConsoleMetrics"/> holds its lock around it.
/// </summary>
public sealed class MinuteSeries
{
    public const int Minutes = 60;

    private readonly long[] _minute = new long[Minutes];
    private readonly long[] _answers = new long[Minutes];
    private readonly long[] _failures = new long[Minutes];
    private readonly double[] _llmSeconds = new double[Minutes];
    private readonly long[] _llmCalls = new long[Minutes];

    public MinuteSeries() => Array.Fill(_minute, long.MinValue);

    /// <summary>Counts answers sent, or answers that failed (an error, a timeout, a stop).</summary>
    public void AddAnswers(DateTimeOffset at, long count, bool failed)
    {
        var slot = Slot(at);
        if (failed)
        {
            _failures[slot] += count;
        }
        else
        {
            _answers[slot] += count;
        }
    }

    public void AddLlmDuration(DateTimeOffset at, double seconds)
    {
        var slot = Slot(at);
        _llmSeconds[slot] += seconds;
        _llmCalls[slot]++;
    }

    /// <summary>The 60 minutes up to and including the one of <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<MinutePoint> Last(DateTimeOffset now)
    {
        var current = MinuteOf(now);
        var points = new MinutePoint[Minutes];
        for (var i = 0; i < Minutes; i++)
        {
            var minute = current - (Minutes - 1) + i;
            var slot = (int)(((minute % Minutes) + Minutes) % Minutes);
            var start = DateTimeOffset.FromUnixTimeSeconds(minute * 60);
            points[i] = _minute[slot] == minute
                ? new MinutePoint(start, _answers[slot], _failures[slot], _llmCalls[slot] == 0 ? null : _llmSeconds[slot] / _llmCalls[slot])
                : new MinutePoint(start, 0, 0, null);
        }

        return points;
    }

    private int Slot(DateTimeOffset at)
    {
        var minute = MinuteOf(at);
        var slot = (int)(((minute % Minutes) + Minutes) % Minutes);
        if (_minute[slot] != minute)
        {
            _minute[slot] = minute;
            _answers[slot] = 0;
            _failures[slot] = 0;
            _llmSeconds[slot] = 0;
            _llmCalls[slot] = 0;
        }

        return slot;
    }

    private static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}

/// <summary>One minute of the dashboard's charts: answers sent, how many of them failed, the LLM's mean time (none: no call).</summary>
public readonly record struct MinutePoint(DateTimeOffset Start, long Answers, long Failures, double? LlmSeconds);
