using System.Collections.Concurrent;
using GptBot.Chat.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Dispatch;

/// <summary>
/// One lane per conversation: its requests run one at a time in arrival order, while different conversations run
/// concurrently with no cap of their own. A lane holds at most GPT_QUEUE_LIMIT waiting requests; an idle lane is
/// removed, so idle conversations cost nothing here. Every lane's drain is owned here and awaited by
/// <see cref="WhenIdleAsync"/>, which is how a graceful stop drains the lanes.
/// </summary>
public sealed partial class ConversationLanes(IOptions<ChatServiceOptions> options, TimeProvider timeProvider, ILogger<ConversationLanes> logger)
{
    private readonly int _queueLimit = options.Value.QueueLimit;
    private readonly ConcurrentDictionary<ConversationKey, Lane> _lanes = new();
    private readonly Lock _idleLock = new();
    private int _running;
    private TaskCompletionSource? _idle;

    /// <summary>Work that is queued or running, across all lanes.</summary>
    public int Pending => _lanes.Values.Sum(lane => lane.Count);

    /// <summary>Work waiting behind another of its conversation, across all lanes (a gauge's reading, not for the hot path).</summary>
    public int Waiting
    {
        get
        {
            var waiting = 0;
            foreach (var (_, lane) in _lanes)
            {
                lock (lane)
                {
                    waiting += lane.Waiting.Count;
                }
            }

            return waiting;
        }
    }

    /// <summary>
    /// Queues <paramref name="work"/>. False when the lane is full (unless <paramref name="bypassLimit"/>: control
    /// commands are never refused). Never waits: a lane that was idle calls <see cref="ILaneWork.OnFront"/> here and runs
    /// the work on the thread pool.
    /// </summary>
    public bool TryEnqueue(ConversationKey key, ILaneWork work, bool bypassLimit = false)
    {
        var item = new WorkItem(work, timeProvider.GetTimestamp());
        while (true)
        {
            var lane = _lanes.GetOrAdd(key, static (key, owner) => new Lane(owner, key), this);
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

                // An idle lane hands the item straight to its drain, so it never counts as waiting: a burst is not
                // refused one early while the drain has yet to start.
                lane.Running = true;
                lane.InFlight = true;
                lane.First = item;
            }

            LaneStarted();
            Front(key, work, TimeSpan.Zero);
            ThreadPool.UnsafeQueueUserWorkItem(lane, preferLocal: false);
            return true;
        }
    }

    /// <summary>Completes when no lane has work (at once if none has), or fails when <paramref name="cancellationToken"/> fires.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_idleLock)
        {
            return _idle is { } idle ? idle.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
        }
    }

    private void LaneStarted()
    {
        lock (_idleLock)
        {
            if (_running++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private void LaneEnded()
    {
        TaskCompletionSource? idle = null;
        lock (_idleLock)
        {
            if (--_running == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    private void Front(ConversationKey key, ILaneWork work, TimeSpan waited)
    {
        try
        {
            work.OnFront(waited);
        }
        catch (Exception ex)
        {
            // The work still runs and reports its own state; the lane must not stall on bookkeeping.
            LogWorkFailed(logger, key, ex);
        }
    }

    private async Task DrainAsync(Lane lane)
    {
        try
        {
            var item = lane.First;
            lane.First = default;
            while (true)
            {
                try
                {
                    await item.Work.RunAsync();
                }
                catch (Exception ex)
                {
                    LogWorkFailed(logger, lane.Key, ex);
                }

                lock (lane)
                {
                    if (!lane.Waiting.TryDequeue(out item))
                    {
                        lane.InFlight = false;
                        lane.Running = false;
                        lane.Retired = true;
                        _lanes.TryRemove(new KeyValuePair<ConversationKey, Lane>(lane.Key, lane));
                        return;
                    }
                }

                Front(lane.Key, item.Work, timeProvider.GetElapsedTime(item.EnqueuedAt));
            }
        }
        finally
        {
            LaneEnded();
        }
    }

    private readonly record struct WorkItem(ILaneWork Work, long EnqueuedAt);

    /// <summary>A conversation's queue, from the moment it gets work until it runs dry; queued once to the thread pool to start its drain.</summary>
    private sealed class Lane(ConversationLanes owner, ConversationKey key) : IThreadPoolWorkItem
    {
        public ConversationKey Key { get; } = key;

        public Queue<WorkItem> Waiting { get; } = new();

        public WorkItem First { get; set; }

        /// <summary>The drain, owned by the lanes: it never throws, and its end is counted for <see cref="WhenIdleAsync"/>.</summary>
        public Task? Drain { get; private set; }

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

        public void Execute() => Drain = owner.DrainAsync(this);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure while answering in {Conversation}")]
    private static partial void LogWorkFailed(ILogger logger, ConversationKey conversation, Exception exception);
}
