using GptBot.Chat;
using GptBot.Chat.Dispatch;
using GptBot.Chat.Model;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Dispatch;

public sealed class UserRateLimiterTests
{
    private static readonly ConversationKey Group = ConversationKey.Group(1, 2);

    [Fact]
    public void A_member_gets_the_limit_then_is_refused_until_the_bucket_refills()
    {
        var time = new FakeTimeProvider();
        var limiter = Limiter(2, time);

        Assert.True(limiter.TryAcquire(Group, 7));
        Assert.True(limiter.TryAcquire(Group, 7));
        Assert.False(limiter.TryAcquire(Group, 7));
        Assert.False(limiter.TryAcquire(Group, 7));
        Assert.True(limiter.TryAcquire(Group, 8));
        Assert.True(limiter.TryAcquire(ConversationKey.Group(1, 3), 7));

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(limiter.TryAcquire(Group, 7));
        Assert.False(limiter.TryAcquire(Group, 7));
    }

    [Fact]
    public void Idle_members_are_forgotten()
    {
        var time = new FakeTimeProvider();
        var limiter = Limiter(5, time);
        for (var user = 0; user < 100; user++)
        {
            limiter.TryAcquire(Group, user);
        }

        time.Advance(TimeSpan.FromMinutes(2));
        limiter.TryAcquire(Group, 1000);

        Assert.Equal(1, limiter.TrackedMembers);
    }

    [Fact]
    public void Zero_turns_the_limit_off()
    {
        var limiter = Limiter(0, new FakeTimeProvider());
        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(limiter.TryAcquire(Group, 7)));
    }

    private static UserRateLimiter Limiter(int perMinute, TimeProvider time) =>
        new(Options.Create(new ChatServiceOptions { UserRateLimitPerMinute = perMinute }), time);
}
