using System.Collections.Concurrent;
using GptBot.Chat.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Dispatch;

/// <summary>
/// One lane per conversation: its requests run one at a time in arrival order, while different conversations run
/// concurrently with no cap of their own. A lane holds at most GPT_QUEUE_LIMIT waiting requests; an idle lane is
/// removed, so idle conversations cost nothing here.
/// </summary>
public sealed partial class ConversationLanes(IOptions<ChatServiceOptions> options, TimeProvider timeProvider, ILogger<ConversationLanes> logger)
{
    private readonly int _queueLimit = options.Value.QueueLimit;
    private readonly ConcurrentDictionary<ConversationKey, Lane> _lanes = new();
    private int _running;

    /// <summary>Work that is queued or running, across all lanes.</summary>
    public int Pending => _lanes.Values.Sum(lane => lane.Count);

    /// <summary>
    /// Queues <paramref name="work"/>, which receives how long it waited. False when the lane is full
    /// (unless <paramref name="bypassLimit"/>: control commands are never refused).
    /// </summary>
    public bool TryEnqueue(ConversationKey key, Func<TimeSpan, Task> work, bool bypassLimit = false)
    {
        var item = new WorkItem(work, timeProvider.GetTimestamp());
        while (true)
        {
            var lane = _lanes.GetOrAdd(key, static _ => new Lane());
            lock (lane)
            {
                if (lane.Retired)
                {
                    continue; // the lane was just removed as idle; take (or create) its successor
                }

                if (lane.Running)
                {
                    if (!bypassLimit && lane.Waiting.Count >= _queueLimit)
                    {
                        return false;
                    }

                    lane.Waiting.Enqueue(item);
                    return true;
                }

                // An idle lane hands the item straight to its drain task, so it never counts as waiting: a burst is
                // not refused one early while the task has yet to dequeue it.
                lane.Running = true;
                lane.InFlight = true;
            }

            Interlocked.Increment(ref _running);

            // Started inline, not on Task.Run: the work runs on the caller's thread up to its first await, so the
            // global interval gate hands out start slots in the order messages arrived, not in thread-pool order.
            // The work must therefore reach an await quickly (ChatResponder yields right after the gate).
            _ = DrainAsync(key, lane, item);
            return true;
        }
    }

    /// <summary>Completes when no lane has work, or when <paramref name="cancellationToken"/> fires.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _running) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeProvider, cancellationToken);
        }
    }

    private async Task DrainAsync(ConversationKey key, Lane lane, WorkItem first)
    {
        try
        {
            var item = first;
            while (true)
            {
                try
                {
                    await item.Work(timeProvider.GetElapsedTime(item.EnqueuedAt));
                }
                catch (Exception ex)
                {
                    LogWorkFailed(logger, key, ex);
                }

                lock (lane)
                {
                    if (!lane.Waiting.TryDequeue(out item))
                    {
                        lane.InFlight = false;
                        lane.Running = false;
                        lane.Retired = true;
                        _lanes.TryRemove(new KeyValuePair<ConversationKey, Lane>(key, lane));
                        return;
                    }
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private readonly record struct WorkItem(Func<TimeSpan, Task> Work, long EnqueuedAt);

    private sealed class Lane
    {
        public Queue<WorkItem> Waiting { get; } = new();

        public bool Running { get; set; }

        public bool InFlight { get; set; }

        public bool Retired { get; set; }

        public int Count
        {
            get
            {
                lock (this)
                {
                    return Waiting.Count + (InFlight ? 1 : 0);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure while answering in {Conversation}")]
    private static partial void LogWorkFailed(ILogger logger, ConversationKey conversation, Exception exception);
}
