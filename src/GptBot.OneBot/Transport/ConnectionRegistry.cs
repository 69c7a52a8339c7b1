using System.Collections.Concurrent;

namespace GptBot.OneBot.Transport;

/// <summary>
/// The live connections by (self id, role). Policy for a second connection with the same self id and role:
/// the newest wins and the old one is closed, so a bot recovers at once from a half-open socket (NoneBot instead
/// rejects the newcomer and waits for the old socket to time out). A bot connects either Universal or split API/Event,
/// never both: while one kind is live the other is refused, so whoever else holds the access token cannot slip a
/// second API socket in beside a bot's Universal one and receive its actions unnoticed.
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<(long SelfId, ClientRole Role), IOneBotConnection> _connections = new();
    private readonly Lock _registering = new();
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

    /// <summary>
    /// The live connection that keeps a <paramref name="role"/> connection of the bot out: its Universal one against a
    /// split API or Event connection, its API or Event one against a Universal connection. Null when there is none.
    /// </summary>
    public IOneBotConnection? FindConflict(long selfId, ClientRole role)
    {
        ReadOnlySpan<ClientRole> others = role == ClientRole.Universal ? [ClientRole.Api, ClientRole.Event] : [ClientRole.Universal];
        foreach (var other in others)
        {
            if (_connections.TryGetValue((selfId, other), out var live) && live.IsOpen)
            {
                return live;
            }
        }

        return null;
    }

    /// <summary>
    /// Adds a connection unless <see cref="FindConflict"/> names one (returned in <paramref name="conflict"/>); on success
    /// <paramref name="replaced"/> is the connection of the same bot and role it replaced, which the caller closes.
    /// </summary>
    public bool TryRegister(IOneBotConnection connection, out IOneBotConnection? replaced, out IOneBotConnection? conflict)
    {
        replaced = null;
        lock (_registering)
        {
            conflict = FindConflict(connection.SelfId, connection.Role);
            if (conflict is not null)
            {
                return false;
            }

            var key = (connection.SelfId, connection.Role);
            if (_connections.TryGetValue(key, out var old) && !ReferenceEquals(old, connection))
            {
                replaced = old;
            }

            _connections[key] = connection;
        }

        if (connection.Role.CarriesActions())
        {
            ReleaseWaiters(connection);
        }

        return true;
    }

    /// <summary>Adds a connection and returns the one it replaced, which the caller closes; throws on a conflict.</summary>
    public IOneBotConnection? Register(IOneBotConnection connection) =>
        TryRegister(connection, out var replaced, out var conflict)
            ? replaced
            : throw new InvalidOperationException($"bot {connection.SelfId} already has a live {conflict!.Role} connection");

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
