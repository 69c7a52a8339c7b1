using System.Collections.Concurrent;
using GptBot.Chat.Model;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Dispatch;

/// <summary>What the rate limiter decided for one request.</summary>
public enum RateDecision
{
    Allowed,

    /// <summary>Over the limit; tell the member once.</summary>
    RefuseWithNotice,

    /// <summary>Over the limit and already told in this window: stay silent, so the refusal itself cannot be used to spam.</summary>
    RefuseSilently,
}

/// <summary>
/// GPT_USER_RATE_LIMIT: a token bucket per (group, member) holding that many requests that refills continuously,
/// so one member cannot monopolise the bot in a group. Buckets that have refilled completely are dropped, so idle
/// members cost nothing.
/// </summary>
public sealed class UserRateLimiter(IOptions<ChatServiceOptions> options, TimeProvider timeProvider)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly int _perMinute = options.Value.UserRateLimitPerMinute;
    private readonly ConcurrentDictionary<(ConversationKey Chat, long UserId), Bucket> _buckets = new();
    private long _lastSweep;

    public int TrackedMembers => _buckets.Count;

    public RateDecision TryAcquire(ConversationKey chat, long userId)
    {
        if (_perMinute <= 0)
        {
            return RateDecision.Allowed;
        }

        var now = timeProvider.GetTimestamp();
        SweepIfDue(now);
        var bucket = _buckets.GetOrAdd((chat, userId), static (_, state) => new Bucket(state.perMinute, state.now), (perMinute: _perMinute, now));
        lock (bucket)
        {
            bucket.Refill(now, _perMinute, timeProvider);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return RateDecision.Allowed;
            }

            if (bucket.LastNotice is { } last && timeProvider.GetElapsedTime(last, now) < Window)
            {
                return RateDecision.RefuseSilently;
            }

            bucket.LastNotice = now;
            return RateDecision.RefuseWithNotice;
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

        public long? LastNotice { get; set; }

        public void Refill(long now, int capacity, TimeProvider timeProvider)
        {
            var elapsed = timeProvider.GetElapsedTime(Updated, now);
            Tokens = Math.Min(capacity, Tokens + (elapsed.TotalMinutes * capacity));
            Updated = now;
        }
    }
}
