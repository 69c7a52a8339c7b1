using GptBot.OneBot.Transport;
using GptBot.Tests.OneBot.Fakes;

namespace GptBot.Tests.OneBot.Transport;

/// <summary>The duplicate policy (newest wins) and action routing for split roles.</summary>
[Trait("Category", "Unit")]
public sealed class ConnectionRegistryTests
{
    private readonly ConnectionRegistry _registry = new();

    [Fact]
    public void The_newest_connection_replaces_the_old_one_which_is_returned_for_closing()
    {
        var old = new FakeConnection(10001);
        var newer = new FakeConnection(10001);

        Assert.Null(_registry.Register(old));
        Assert.Same(old, _registry.Register(newer));

        Assert.Same(newer, _registry.FindActionConnection(10001));
        Assert.Single(_registry.All);
    }

    [Fact]
    public void A_replaced_connection_going_away_does_not_evict_its_successor()
    {
        var old = new FakeConnection(10001);
        var newer = new FakeConnection(10001);
        _registry.Register(old);
        _registry.Register(newer);

        Assert.False(_registry.Unregister(old));

        Assert.Same(newer, _registry.FindActionConnection(10001));
    }

    [Fact]
    public void Api_and_event_connections_of_one_bot_coexist_and_actions_use_the_api_one()
    {
        var events = new FakeConnection(10001, ClientRole.Event);
        var api = new FakeConnection(10001, ClientRole.Api);

        Assert.Null(_registry.Register(events));
        Assert.Null(_registry.Register(api));

        Assert.Same(api, _registry.FindActionConnection(10001));
        Assert.Equal([10001L], _registry.ConnectedSelfIds);
    }

    [Fact]
    public void An_event_only_bot_has_no_action_connection()
    {
        _registry.Register(new FakeConnection(10001, ClientRole.Event));

        Assert.Null(_registry.FindActionConnection(10001));
    }

    [Fact]
    public void A_closed_connection_is_not_used_for_actions()
    {
        var connection = new FakeConnection(10001) { IsOpen = false };
        _registry.Register(connection);

        Assert.Null(_registry.FindActionConnection(10001));
    }

    [Fact]
    public async Task Waiters_are_released_when_the_bot_connects_and_cancelled_waiters_are_forgotten()
    {
        using var cancel = new CancellationTokenSource();
        var cancelled = _registry.WaitForActionConnectionAsync(10001, cancel.Token).AsTask();
        var waiting = _registry.WaitForActionConnectionAsync(10001, CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        var connection = new FakeConnection(10001);
        _registry.Register(connection);

        Assert.Same(connection, await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(ClientRole.Universal, ClientRole.Api)]
    [InlineData(ClientRole.Universal, ClientRole.Event)]
    [InlineData(ClientRole.Api, ClientRole.Universal)]
    [InlineData(ClientRole.Event, ClientRole.Universal)]
    public void A_live_connection_of_the_other_kind_keeps_a_newcomer_out(ClientRole live, ClientRole newcomer)
    {
        var first = new FakeConnection(10001, live);
        _registry.Register(first);

        Assert.Same(first, _registry.FindConflict(10001, newcomer));
        Assert.False(_registry.TryRegister(new FakeConnection(10001, newcomer), out var replaced, out var conflict));
        Assert.Null(replaced);
        Assert.Same(first, conflict);
        Assert.Same(first, Assert.Single(_registry.All));
    }

    [Fact]
    public void Another_bot_and_a_closed_connection_are_no_conflict()
    {
        _registry.Register(new FakeConnection(10001, ClientRole.Universal));
        _registry.Register(new FakeConnection(10002, ClientRole.Universal) { IsOpen = false });

        Assert.Null(_registry.FindConflict(10002, ClientRole.Api));
        Assert.True(_registry.TryRegister(new FakeConnection(10002, ClientRole.Api), out _, out _));
        Assert.Null(_registry.FindConflict(10001, ClientRole.Universal));
    }
}
