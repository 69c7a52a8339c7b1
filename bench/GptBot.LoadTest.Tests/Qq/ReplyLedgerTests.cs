using GptBot.LoadTest.Qq;

namespace GptBot.LoadTest.Tests.Qq;

/// <summary>The load benchmark's judge: a reply counts only in its request's group, once, with its own token.</summary>
[Trait("Category", "Unit")]
public sealed class ReplyLedgerTests
{
    [Fact]
    public async Task Every_request_answered_in_its_group_completes_the_phase()
    {
        var ledger = new ReplyLedger(firstId: 10, count: 2, window: 2);
        ledger.MarkSent(10, 100_000);
        ledger.MarkSent(11, 100_001);

        ledger.OnReply(100_001, "A#11 ok");
        ledger.OnReply(100_000, "A#10 ok");

        await ledger.AllAnswered.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(2, ledger.Answered);
        Assert.Equal(0, ledger.WrongContext);
        Assert.Equal(2, ledger.Latencies().Length);
    }

    [Fact]
    public void A_reply_in_another_group_a_second_reply_and_a_foreign_token_are_wrong_context()
    {
        var ledger = new ReplyLedger(firstId: 10, count: 2, window: 2);
        ledger.MarkSent(10, 100_000);
        ledger.MarkSent(11, 100_001);

        ledger.OnReply(100_001, "A#10 ok");
        ledger.OnReply(100_000, "A#10 ok");
        ledger.OnReply(100_000, "A#10 ok");
        ledger.OnReply(100_000, "A#999 ok");

        Assert.Equal(1, ledger.Answered);
        Assert.Equal(3, ledger.WrongContext);
        Assert.False(ledger.AllAnswered.IsCompleted);
    }

    [Fact]
    public void A_reply_without_a_token_is_an_error_text_and_answers_nothing()
    {
        var ledger = new ReplyLedger(firstId: 1, count: 1, window: null);
        ledger.MarkSent(1, 100_001);

        ledger.OnReply(100_001, "请求超时，请稍后再试");

        Assert.Equal(0, ledger.Answered);
        Assert.Equal(1, ledger.ErrorReplies);
        Assert.Equal(0, ledger.WrongContext);
    }

    [Fact]
    public async Task The_window_admits_a_new_request_only_when_one_is_answered()
    {
        var ledger = new ReplyLedger(firstId: 1, count: 3, window: 1);
        await ledger.WaitForSlotAsync(TestContext.Current.CancellationToken);
        ledger.MarkSent(1, 100_001);

        var next = ledger.WaitForSlotAsync(TestContext.Current.CancellationToken);
        Assert.False(next.IsCompleted);

        ledger.OnReply(100_001, "A#1 ok");
        await next.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
