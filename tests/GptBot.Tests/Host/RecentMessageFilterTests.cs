using GptBot.Host.Bridges;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Host;

public sealed class RecentMessageFilterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_message_id_is_accepted_once_per_bot_within_the_window()
    {
        var filter = new RecentMessageFilter(_time);

        Assert.True(filter.TryMarkSeen(10001, 42));
        Assert.False(filter.TryMarkSeen(10001, 42));
        Assert.True(filter.TryMarkSeen(10002, 42)); // another bot account: another message
        Assert.True(filter.TryMarkSeen(10001, 43));
    }

    [Fact]
    public void After_the_window_the_id_is_forgotten()
    {
        var filter = new RecentMessageFilter(_time);
        filter.TryMarkSeen(10001, 42);

        _time.Advance(RecentMessageFilter.Window + TimeSpan.FromSeconds(1));

        Assert.True(filter.TryMarkSeen(10001, 42));
    }

    [Fact]
    public void Messages_without_an_id_are_never_dropped()
    {
        var filter = new RecentMessageFilter(_time);

        Assert.True(filter.TryMarkSeen(10001, 0));
        Assert.True(filter.TryMarkSeen(10001, 0));
    }

    [Fact]
    public void Memory_stays_bounded_by_dropping_the_oldest_ids_first()
    {
        var filter = new RecentMessageFilter(_time);
        for (var id = 1; id <= RecentMessageFilter.Capacity + 10; id++)
        {
            Assert.True(filter.TryMarkSeen(10001, id));
        }

        Assert.True(filter.TryMarkSeen(10001, 1)); // pushed out by capacity
        Assert.False(filter.TryMarkSeen(10001, RecentMessageFilter.Capacity + 10));
    }
}
