using System.Collections.Concurrent;
using GptBot.Chat.Model;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Dispatch;

/// <summary>
/// GPT_USER_RATE_LIMIT: a token bucket per (chat, member) holding that many requests that refills continuously,
/// so one member cannot monopolise the bot in a group, nor flood it from a private chat. Buckets that have refilled
/// completely are dropped, so idle members cost nothing. Whether a refused member is told is not decided here
/// (<see cref="Replies.RefusalNotices"/>).
/// </summary>
public sealed class UserRateLimiter(IOptions<ChatServiceOptions> options, TimeProvider timeProvider)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly int _perMinute = options.Value.UserRateLimitPerMinute;
    private readonly ConcurrentDictionary<(ConversationKey Chat, long UserId), Bucket> _buckets = new();
    private long _lastSweep;

    public int TrackedMembers => _buckets.Count;

    /// <summary>Takes one request from the member's allowance in this chat; false when there is none left.</summary>
    public bool TryAcquire(ConversationKey chat, long userId)
    {
        if (_perMinute <= 0)
        {
            return true;
        }

        var now = timeProvider.GetTimestamp();
        SweepIfDue(now);
        var bucket = _buckets.GetOrAdd((chat, userId), static (_, state) => new Bucket(state.perMinute, state.now), (perMinute: _perMinute, now));
        lock (bucket)
        {
            bucket.Refill(now, _perMinute, timeProvider);
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (timeProvider.GetElapsedTime(last, now) < Window || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (timeProvider.GetElapsedTime(bucket.Updated, now) >= Window)
                {
                    _buckets.TryRemove(new KeyValuePair<(ConversationKey, long), Bucket>(key, bucket));
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens { get; set; } = tokens;

        public long Updated { get; private set; } = updated;

        public void Refill(long now, int capacity, TimeProvider timeProvider)
        {
            var elapsed = timeProvider.GetElapsedTime(Updated, now);
            Tokens = Math.Min(capacity, Tokens + (elapsed.TotalMinutes * capacity));
            Updated = now;
        }
    }
}
