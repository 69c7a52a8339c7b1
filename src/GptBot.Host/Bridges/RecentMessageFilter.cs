namespace GptBot.Host.Bridges;

/// <summary>
/// Remembers the <c>(self_id, message_id)</c> of recent message events, so an implementation that replays events after
/// a reconnect does not get a second answer. Bounded in time (<see cref="Window"/>) and in size (<see cref="Capacity"/>,
/// about 3 MB at most); oldest entries go first. Cheap enough for the receive loop: one short lock per event.
/// </summary>
internal sealed class RecentMessageFilter(TimeProvider timeProvider)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public const int Capacity = 50_000;

    private readonly Dictionary<(long SelfId, long MessageId), long> _seen = [];
    private readonly Queue<((long SelfId, long MessageId) Key, long SeenAt)> _order = new();

    /// <summary>True the first time a message is seen within the window; false for a replay.</summary>
    public bool TryMarkSeen(long selfId, long messageId)
    {
        if (messageId == 0)
        {
            return true; // no id (missing, or the placeholder -1): nothing to recognise a replay by, so never drop it
        }

        var now = timeProvider.GetTimestamp();
        lock (_order)
        {
            while (_order.TryPeek(out var oldest)
                && (_order.Count >= Capacity || timeProvider.GetElapsedTime(oldest.SeenAt, now) > Window))
            {
                _order.Dequeue();
                _seen.Remove(oldest.Key);
            }

            if (!_seen.TryAdd((selfId, messageId), now))
            {
                return false;
            }

            _order.Enqueue(((selfId, messageId), now));
            return true;
        }
    }
}
