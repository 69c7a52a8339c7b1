using GptBot.Chat.Model;
using GptBot.Chat.Replies;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Replies;

[Trait("Category", "Unit")]
public sealed class RefusalNoticesTests
{
    private static readonly ConversationKey Group = ConversationKey.Group(1, 2);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Each_kind_is_told_once_a_minute_per_member_and_chat()
    {
        var notices = new RefusalNotices(_time);

        Assert.True(notices.ShouldTell(Group, 7, RefusalKind.TooLong));
        Assert.False(notices.ShouldTell(Group, 7, RefusalKind.TooLong));
        Assert.True(notices.ShouldTell(Group, 7, RefusalKind.RateLimited));
        Assert.True(notices.ShouldTell(Group, 8, RefusalKind.TooLong));
        Assert.True(notices.ShouldTell(ConversationKey.Group(1, 3), 7, RefusalKind.TooLong));

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(notices.ShouldTell(Group, 7, RefusalKind.TooLong));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(notices.ShouldTell(Group, 7, RefusalKind.TooLong));
    }

    [Fact]
    public void Members_told_over_a_minute_ago_are_forgotten()
    {
        var notices = new RefusalNotices(_time);
        for (var user = 0; user < 100; user++)
        {
            notices.ShouldTell(Group, user, RefusalKind.NoPermission);
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        notices.ShouldTell(Group, 1000, RefusalKind.NoPermission);

        Assert.Equal(1, notices.Tracked);
    }
}
