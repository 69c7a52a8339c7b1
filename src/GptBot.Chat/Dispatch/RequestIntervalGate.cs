using GptBot.Chat.Ports;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Dispatch;

/// <summary>
/// GPT_REQUEST_MINIMAL_INTERVAL: the starts of two LLM requests are at least the interval apart, across all chats.
/// A request that comes too early waits its turn in arrival order and no thread is blocked. A chat's prompt may be
/// refused instead when its turn is further off than GPT_INTERVAL_MAX_WAIT (<see cref="TryTakeTurn"/>), so a backlog
/// never keeps the asker waiting for hours. Slots are kept on the monotonic clock, so a wall clock stepped back (NTP,
/// an operator) stalls nothing.
/// </summary>
public sealed class RequestIntervalGate(IOptions<ChatServiceOptions> options, TimeProvider timeProvider) : ILlmRequestGate
{
    private readonly TimeSpan _interval = options.Value.MinimalInterval;
    private readonly Lock _lock = new();
    private readonly long _origin = timeProvider.GetTimestamp();

    /// <summary>The next free start slot, as time since <see cref="_origin"/>.</summary>
    private TimeSpan _nextStart = TimeSpan.Zero;

    /// <summary>Reserves the next start slot and waits for it, however far off it is.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken) => TryTakeTurn(TimeSpan.Zero, cancellationToken)!;

    /// <summary>
    /// Reserves the next start slot and returns the wait for it; null, reserving nothing, when the slot is more than
    /// <paramref name="maxWait"/> away (zero: no bound). A refused request thus never lengthens the backlog.
    /// </summary>
    public Task? TryTakeTurn(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (_interval <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var now = timeProvider.GetElapsedTime(_origin);
        TimeSpan start;
        lock (_lock)
        {
            start = _nextStart > now ? _nextStart : now;
            if (maxWait > TimeSpan.Zero && start - now > maxWait)
            {
                return null;
            }

            _nextStart = start + _interval;
        }

        var wait = start - now;
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, timeProvider, cancellationToken);
    }
}
