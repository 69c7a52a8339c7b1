using GptBot.Chat;
using GptBot.Chat.Dispatch;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Dispatch;

[Trait("Category", "Unit")]
public sealed class RequestIntervalGateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Zero_interval_never_waits()
    {
        var gate = Gate(TimeSpan.Zero);

        Assert.All(Enumerable.Range(0, 5).Select(_ => gate.WaitTurnAsync(CancellationToken.None)), task => Assert.True(task.IsCompleted));
    }

    [Fact]
    public void Requests_start_one_interval_apart_in_arrival_order()
    {
        var gate = Gate(TimeSpan.FromSeconds(5));

        var first = gate.WaitTurnAsync(CancellationToken.None);
        var second = gate.WaitTurnAsync(CancellationToken.None);
        var third = gate.WaitTurnAsync(CancellationToken.None);

        Assert.True(first.IsCompleted);
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(second.IsCompleted);
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(third.IsCompleted);
    }

    [Fact]
    public void Spacing_is_measured_from_the_previous_start()
    {
        var gate = Gate(TimeSpan.FromSeconds(5));
        Assert.True(gate.WaitTurnAsync(CancellationToken.None).IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(3));
        var second = gate.WaitTurnAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(second.IsCompleted);
    }

    [Fact]
    public void After_a_quiet_period_a_request_starts_at_once()
    {
        var gate = Gate(TimeSpan.FromSeconds(5));
        Assert.True(gate.WaitTurnAsync(CancellationToken.None).IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.True(gate.WaitTurnAsync(CancellationToken.None).IsCompleted);
        Assert.False(gate.WaitTurnAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void A_turn_further_off_than_the_max_wait_is_refused_and_takes_no_slot()
    {
        var gate = Gate(TimeSpan.FromSeconds(5));
        var maxWait = TimeSpan.FromSeconds(10);

        Assert.True(gate.TryTakeTurn(maxWait, CancellationToken.None)!.IsCompleted);
        var second = gate.TryTakeTurn(maxWait, CancellationToken.None);
        var third = gate.TryTakeTurn(maxWait, CancellationToken.None);
        Assert.NotNull(second);
        Assert.NotNull(third);
        Assert.Null(gate.TryTakeTurn(maxWait, CancellationToken.None)); // its turn would be 15 s off
        Assert.Null(gate.TryTakeTurn(maxWait, CancellationToken.None));

        // The refused requests took no slot: once the backlog shrinks, the next free slot (15 s) is 10 s off again.
        _time.Advance(TimeSpan.FromSeconds(5));
        var fourth = gate.TryTakeTurn(maxWait, CancellationToken.None);
        Assert.NotNull(fourth);
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(fourth.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(fourth.IsCompleted);
    }

    [Fact]
    public void A_zero_max_wait_means_no_bound()
    {
        var gate = Gate(TimeSpan.FromSeconds(5));

        Assert.All(Enumerable.Range(0, 100), _ => Assert.NotNull(gate.TryTakeTurn(TimeSpan.Zero, CancellationToken.None)));
    }

    [Fact]
    public void A_wall_clock_stepped_back_an_hour_stalls_nothing()
    {
        var clock = new SteppedWallClock();
        var gate = new RequestIntervalGate(Options.Create(new ChatServiceOptions { MinimalInterval = TimeSpan.FromSeconds(5) }), clock);
        Assert.True(gate.WaitTurnAsync(CancellationToken.None).IsCompleted);

        clock.StepBack(TimeSpan.FromHours(1));
        var second = gate.WaitTurnAsync(CancellationToken.None);

        clock.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(second.IsCompleted);
        Assert.NotNull(gate.TryTakeTurn(TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_wait_ends_with_cancellation()
    {
        var gate = Gate(TimeSpan.FromSeconds(5));
        await gate.WaitTurnAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = gate.WaitTurnAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    private RequestIntervalGate Gate(TimeSpan interval) =>
        new(Options.Create(new ChatServiceOptions { MinimalInterval = interval }), _time);
}
