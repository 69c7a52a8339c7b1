using System.Diagnostics;

namespace GptBot.LoadTest.Qq;

/// <summary>
/// The requests of one phase and what became of them. Request ids are <c>FirstId..FirstId+Count-1</c>; a reply is
/// matched by the <c>A#id</c> token the fake LLM echoed. A reply in another group than its request, a second reply to
/// one request, or a token of no request of this phase is a wrong-context reply; a reply without a token is an error text.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never used holds nothing to dispose; late replies may still release it.")]
public sealed class ReplyLedger
{
    private readonly long[] _groups;
    private readonly long[] _sentAt;
    private readonly long[] _answeredAt;
    private readonly SemaphoreSlim? _window;
    private readonly TaskCompletionSource _allAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _answered;
    private int _wrongContext;
    private int _errorReplies;
    private long _lastAnswerAt;

    /// <param name="window">Most requests outstanding at once; null for an open-loop phase that sends at a fixed rate.</param>
    public ReplyLedger(long firstId, int count, int? window)
    {
        FirstId = firstId;
        Count = count;
        _groups = new long[count];
        _sentAt = new long[count];
        _answeredAt = new long[count];
        _window = window is { } size ? new SemaphoreSlim(size) : null;
        if (count == 0)
        {
            _allAnswered.TrySetResult();
        }
    }

    public long FirstId { get; }

    public int Count { get; }

    public int Answered => Volatile.Read(ref _answered);

    public int WrongContext => Volatile.Read(ref _wrongContext);

    public int ErrorReplies => Volatile.Read(ref _errorReplies);

    public long LastAnswerAt => Interlocked.Read(ref _lastAnswerAt);

    public Task AllAnswered => _allAnswered.Task;

    public Task WaitForSlotAsync(CancellationToken cancellationToken) => _window?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    public void MarkSent(long id, long groupId)
    {
        var index = (int)(id - FirstId);
        _groups[index] = groupId;
        Volatile.Write(ref _sentAt[index], Stopwatch.GetTimestamp());
    }

    /// <summary>Records one <c>send_msg</c> to <paramref name="groupId"/> with <paramref name="text"/>.</summary>
    public void OnReply(long groupId, string text)
    {
        var now = Stopwatch.GetTimestamp();
        var at = text.IndexOf("A#", StringComparison.Ordinal);
        if (at < 0)
        {
            Interlocked.Increment(ref _errorReplies);
            return;
        }

        var digits = text.AsSpan(at + 2);
        var end = digits.IndexOfAnyExceptInRange('0', '9');
        if (!long.TryParse(end < 0 ? digits : digits[..end], System.Globalization.CultureInfo.InvariantCulture, out var id)
            || id < FirstId || id >= FirstId + Count)
        {
            Interlocked.Increment(ref _wrongContext);
            return;
        }

        var index = (int)(id - FirstId);
        if (_groups[index] != groupId || Interlocked.CompareExchange(ref _answeredAt[index], now, 0) != 0)
        {
            Interlocked.Increment(ref _wrongContext);
            return;
        }

        InterlockedMax(ref _lastAnswerAt, now);
        _window?.Release();
        if (Interlocked.Increment(ref _answered) == Count)
        {
            _allAnswered.TrySetResult();
        }
    }

    /// <summary>Latency from event sent to reply received, in ms, of every answered request.</summary>
    public double[] Latencies()
    {
        var result = new List<double>(Count);
        for (var i = 0; i < Count; i++)
        {
            var answered = Volatile.Read(ref _answeredAt[i]);
            if (answered != 0)
            {
                result.Add(Stopwatch.GetElapsedTime(_sentAt[i], answered).TotalMilliseconds);
            }
        }

        return [.. result];
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
