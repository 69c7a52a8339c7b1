using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose wall clock (<see cref="GetUtcNow"/>) can be stepped back, as NTP or an
/// operator may do, while its monotonic timestamps and timers go on with <see cref="Time"/>. FakeTimeProvider itself
/// refuses to go back in time.
/// </summary>
internal sealed class SteppedWallClock : TimeProvider
{
    private long _offsetTicks;
    private TimeSpan? _stepAfterNextRead;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    public override long TimestampFrequency => Time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Time.LocalTimeZone;

    /// <summary>Steps the wall clock back by <paramref name="by"/> now.</summary>
    public void StepBack(TimeSpan by) => Interlocked.Add(ref _offsetTicks, -by.Ticks);

    /// <summary>Steps the wall clock back right after the next time someone reads it, so that reading sees the old time.</summary>
    public void StepBackAfterNextRead(TimeSpan by) => _stepAfterNextRead = by;

    public override DateTimeOffset GetUtcNow()
    {
        var now = Time.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        if (_stepAfterNextRead is { } step)
        {
            _stepAfterNextRead = null;
            StepBack(step);
        }

        return now;
    }

    public override long GetTimestamp() => Time.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Time.CreateTimer(callback, state, dueTime, period);
}
