using System.Diagnostics;

namespace GptBot.LoadTest.Qq;

/// <summary>
/// Sends <c>/gpt Q#id</c> group messages over <see cref="Groups"/> groups spread across the connections, either
/// closed-loop (at most <c>window</c> outstanding) or open-loop at a fixed rate, and waits for the replies.
/// Request <c>id</c> goes to group <c>id % Groups</c>; even ids use the array format, odd ids the string format.
/// </summary>
public sealed class LoadDriver(IReadOnlyList<FakeQqConnection> connections, int groups)
{
    public const long FirstGroupId = 100_000;
    private long _nextId = 1;

    public int Groups => groups;

    /// <summary>Runs one phase. <paramref name="ratePerSecond"/> null means closed loop with <paramref name="window"/>.</summary>
    public async Task<PhaseResult> RunAsync(int messages, int window, double? ratePerSecond, TimeSpan deadline)
    {
        var ledger = new ReplyLedger(_nextId, messages, ratePerSecond is null ? Math.Max(1, window) : null);
        _nextId += messages;
        foreach (var connection in connections)
        {
            connection.Ledger = ledger;
        }

        using var stop = new CancellationTokenSource(deadline);
        var start = Stopwatch.GetTimestamp();
        var sent = 0;
        try
        {
            for (; sent < messages; sent++)
            {
                if (ratePerSecond is { } rate)
                {
                    var due = start + (long)(sent * Stopwatch.Frequency / rate);
                    var ahead = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (ahead > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(ahead, stop.Token);
                    }
                }
                else
                {
                    await ledger.WaitForSlotAsync(stop.Token);
                }

                var id = ledger.FirstId + sent;
                var groupIndex = (int)(id % groups);
                var connection = connections[groupIndex % connections.Count];
                var groupId = FirstGroupId + groupIndex;
                var frame = EventFrames.GroupGpt(connection.SelfId, groupId, 20_000 + (id % 97), id, arrayFormat: id % 2 == 0);
                ledger.MarkSent(id, groupId);
                connection.Send(frame);
            }

            await ledger.AllAnswered.WaitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Deadline: what is unanswered now is lost.
        }

        var end = ledger.LastAnswerAt;
        var seconds = end > start ? Stopwatch.GetElapsedTime(start, end).TotalSeconds : 0;
        var latencies = ledger.Latencies();
        Array.Sort(latencies);
        return new PhaseResult(messages, ledger.Answered, ledger.WrongContext, ledger.ErrorReplies, seconds, latencies);
    }
}
