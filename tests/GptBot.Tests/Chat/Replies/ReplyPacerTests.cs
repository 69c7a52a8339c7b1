using GptBot.Chat.Model;
using GptBot.Chat.Replies;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Replies;

public sealed class ReplyPacerTests
{
    private static readonly ConversationKey Group = ConversationKey.Group(1, 2);

    [Fact]
    public async Task Turns_in_one_chat_are_spaced_by_the_rate_and_other_chats_are_not_held_up()
    {
        var time = new FakeTimeProvider();
        var pacer = new ReplyPacer(Options.Create(new ReplyOptions { MessagesPerSecond = 2 }), time);

        await pacer.TakeTurnAsync(Group, CancellationToken.None);
        var second = pacer.TakeTurnAsync(Group, CancellationToken.None);
        var third = pacer.TakeTurnAsync(Group, CancellationToken.None);
        await pacer.TakeTurnAsync(ConversationKey.Group(1, 3), CancellationToken.None);

        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await third.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_wall_clock_stepped_back_an_hour_stalls_nothing()
    {
        var clock = new SteppedWallClock();
        var pacer = new ReplyPacer(Options.Create(new ReplyOptions { MessagesPerSecond = 1 }), clock);
        await pacer.TakeTurnAsync(Group, CancellationToken.None);

        clock.StepBack(TimeSpan.FromHours(1));
        var ready = pacer.WaitUntilReadyAsync(Group, CancellationToken.None);
        var next = pacer.TakeTurnAsync(Group, CancellationToken.None);

        clock.Time.Advance(TimeSpan.FromSeconds(1));
        await ready.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await next.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Waiting_until_ready_does_not_take_the_turn()
    {
        var time = new FakeTimeProvider();
        var pacer = new ReplyPacer(Options.Create(new ReplyOptions { MessagesPerSecond = 1 }), time);

        await pacer.WaitUntilReadyAsync(Group, CancellationToken.None);
        await pacer.WaitUntilReadyAsync(Group, CancellationToken.None);
        await pacer.TakeTurnAsync(Group, CancellationToken.None);
        var ready = pacer.WaitUntilReadyAsync(Group, CancellationToken.None);

        Assert.False(ready.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await ready.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
