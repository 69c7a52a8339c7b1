using System.Collections.Concurrent;

namespace GptBot.OneBot.Transport;

/// <summary>
/// The live connections by (self id, role). Policy for a second connection with the same self id and role:
/// the newest wins and the old one is closed, so a bot recovers at once from a half-open socket (NoneBot instead
/// rejects the newcomer and waits for the old socket to time out).
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<(long SelfId, ClientRole Role), IOneBotConnection> _connections = new();
    private readonly Lock _waitersLock = new();
    private readonly Dictionary<long, List<TaskCompletionSource<IOneBotConnection>>> _waiters = [];
    private volatile bool _closed;

    /// <summary>True once <see cref="CloseAllAsync"/> ran: the service is stopping and takes no new connection.</summary>
    public bool IsClosed => _closed;

    /// <summary>Refuses new connections from now on and closes every live one with a close frame (graceful stop).</summary>
    public Task CloseAllAsync(string reason, CancellationToken cancellationToken)
    {
        _closed = true;
        return Task.WhenAll(All.Select(connection => connection.CloseAsync(reason, cancellationToken)));
    }

    /// <summary>Adds a connection and returns the one it replaced, which the caller closes.</summary>
    public IOneBotConnection? Register(IOneBotConnection connection)
    {
        IOneBotConnection? replaced = null;
        _connections.AddOrUpdate(
            (connection.SelfId, connection.Role),
            connection,
            (_, old) =>
            {
                replaced = old;
                return connection;
            });
        if (connection.Role.CarriesActions())
        {
            ReleaseWaiters(connection);
        }

        return ReferenceEquals(replaced, connection) ? null : replaced;
    }

    /// <summary>Removes the connection if it is still the registered one (a replaced socket must not evict its successor).</summary>
    public bool Unregister(IOneBotConnection connection) =>
        _connections.TryRemove(new KeyValuePair<(long, ClientRole), IOneBotConnection>((connection.SelfId, connection.Role), connection));

    /// <summary>The socket that carries actions for a bot: its API connection if split, else its Universal one.</summary>
    public IOneBotConnection? FindActionConnection(long selfId)
    {
        if (_connections.TryGetValue((selfId, ClientRole.Api), out var api) && api.IsOpen)
        {
            return api;
        }

        return _connections.TryGetValue((selfId, ClientRole.Universal), out var universal) && universal.IsOpen ? universal : null;
    }

    /// <summary>Waits for an action connection of the bot, e.g. while the implementation reconnects.</summary>
    public async ValueTask<IOneBotConnection> WaitForActionConnectionAsync(long selfId, CancellationToken cancellationToken)
    {
        if (FindActionConnection(selfId) is { } ready)
        {
            return ready;
        }

        var waiter = new TaskCompletionSource<IOneBotConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
        {
            if (!_waiters.TryGetValue(selfId, out var list))
            {
                _waiters[selfId] = list = [];
            }

            list.Add(waiter);
        }

        try
        {
            // Re-check: a connection may have registered between the first look and adding the waiter.
            return FindActionConnection(selfId) ?? await waiter.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            // Gone already when a connection released it; a cancelled or raced waiter is forgotten here.
            RemoveWaiter(selfId, waiter);
        }
    }

    public IReadOnlyCollection<long> ConnectedSelfIds => _connections.Keys.Select(key => key.SelfId).Distinct().ToArray();

    public IReadOnlyCollection<IOneBotConnection> All => _connections.Values.ToArray();

    private void ReleaseWaiters(IOneBotConnection connection)
    {
        List<TaskCompletionSource<IOneBotConnection>>? released;
        lock (_waitersLock)
        {
            if (!_waiters.Remove(connection.SelfId, out released))
            {
                return;
            }
        }

        foreach (var waiter in released)
        {
            waiter.TrySetResult(connection);
        }
    }

    private void RemoveWaiter(long selfId, TaskCompletionSource<IOneBotConnection> waiter)
    {
        lock (_waitersLock)
        {
            if (_waiters.TryGetValue(selfId, out var list))
            {
                list.Remove(waiter);
                if (list.Count == 0)
                {
                    _waiters.Remove(selfId);
                }
            }
        }
    }
}
