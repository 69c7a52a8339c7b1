using System.Collections.Concurrent;
using GptBot.Chat;
using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Options;

namespace GptBot.Persistence.Sqlite;

/// <summary>
/// Conversations in a SQLite file with a write-through memory cache: a chat is read from disk on its first message and
/// from memory after that; an exchange is written to disk (committed) before the append completes, then to memory.
/// Exchanges that finish together share one transaction and one fsync (<see cref="GroupCommitWriter"/>). Every disk
/// access goes through one gate, which also keeps a sweep or a reset from racing an append.
/// Cold conversations leave memory after <see cref="StoreOptions.CacheIdle"/>, so idle chats cost nothing here.
/// </summary>
public sealed class SqliteConversationStore : IConversationStore, IIdleConversationPurge, IConversationCatalog, IDisposable
{
    private readonly SqliteConversationDatabase _database;
    private readonly ConcurrentDictionary<ConversationKey, CachedConversation> _cache = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StoreOptions _options;
    private readonly int _maxTurns;
    private readonly TimeProvider _timeProvider;
    private readonly GroupCommitWriter _writer;
    private bool _disposed;

    /// <param name="chat">Its GPT_MAX_HISTORY_TURNS caps every conversation, on disk as in memory.</param>
    public SqliteConversationStore(IOptions<StoreOptions> options, IOptions<ChatServiceOptions> chat, TimeProvider timeProvider)
    {
        _options = options.Value;
        _maxTurns = chat.Value.MaxHistoryTurns;
        _timeProvider = timeProvider;
        try
        {
            _database = new SqliteConversationDatabase(_options.DataDirectory);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new StoreUnavailableException($"GPT_DATA_DIR: cannot open the conversation database in '{Path.GetFullPath(_options.DataDirectory)}': {ex.Message}", ex);
        }

        _writer = new GroupCommitWriter(HoldDiskAsync, CommitBatch);
    }

    public string FilePath => _database.FilePath;

    internal SchemaUpgrade Upgrade => _database.Upgrade;

    /// <summary>The data directory and database files whose wider modes were tightened when the store opened.</summary>
    public IReadOnlyList<TightenedMode> Tightened => _database.Tightened;

    /// <summary>Conversations currently held in memory.</summary>
    public int CachedCount => _cache.Count;

    public async ValueTask<ConversationSnapshot> LoadAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(key, out var cached))
        {
            cached.Touch(_timeProvider.GetTimestamp());
            return cached.Snapshot;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Another caller may have loaded it while this one waited.
            var entry = _cache.GetOrAdd(key, static (k, store) => new CachedConversation(store._database.Load(k), store._timeProvider.GetTimestamp()), this);
            return entry.Snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Queues the exchange for the group commit and completes once the transaction that holds it has committed; a
    /// failed commit throws its failure here, to every caller whose exchange it held.
    /// </summary>
    public async ValueTask AppendExchangeAsync(ConversationKey key, ConversationTurn user, ConversationTurn assistant, string? backendState, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writer.EnqueueAsync(new PendingExchange(key, user, assistant, backendState, cancellationToken));
    }

    /// <summary>Transactions the group commit has committed so far.</summary>
    internal long Commits => _writer.Commits;

    /// <summary>
    /// Holds every disk access until the result is disposed: appends queued meanwhile are then committed together.
    /// The group commit's own turn at the file; tests use it to gather a batch on purpose.
    /// </summary>
    internal async Task<IDisposable> HoldDiskAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new GateRelease(_gate);
    }

    /// <summary>One transaction for the batch, then each exchange into what is cached, in the order they were queued.</summary>
    private void CommitBatch(IReadOnlyList<PendingExchange> batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Whole exchanges only, as InMemoryConversationStore.Cap keeps them.
        _database.AppendExchanges(batch, _maxTurns <= 0 ? -1 : _maxTurns - (_maxTurns % 2));
        foreach (var exchange in batch)
        {
            if (_cache.TryGetValue(exchange.Key, out var cached))
            {
                var turns = InMemoryConversationStore.Cap([.. cached.Snapshot.Turns, exchange.User, exchange.Assistant], _maxTurns);
                _cache[exchange.Key] = new CachedConversation(new ConversationSnapshot(turns, exchange.BackendState, exchange.Assistant.At), _timeProvider.GetTimestamp());
            }

            // Not cached (evicted while the answer streamed): the next load reads the file, which now holds the exchange.
        }
    }

    public async ValueTask ResetAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _database.Delete(key);
            _cache.TryRemove(key, out _);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask ResetChatAsync(ConversationKey chat, CancellationToken cancellationToken)
    {
        chat = chat.Chat;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _database.DeleteChat(chat);
            foreach (var key in _cache.Keys)
            {
                if (key.Chat == chat)
                {
                    _cache.TryRemove(key, out _);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="access"/> on the file under the same gate as the conversations, for the other tables that
    /// share the file (per-chat settings, the block list). Keep it short: every chat's store access waits for it.
    /// </summary>
    internal async ValueTask<T> UseDatabaseAsync<T>(Func<SqliteConversationDatabase, T> access, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return access(_database);
        }
        finally
        {
            _gate.Release();
        }
    }

    // The file is written through, so it holds every conversation the cache does.
    public Task<IReadOnlyList<ConversationSummary>> ListAsync(string? search, int limit, CancellationToken cancellationToken) =>
        UseDatabaseAsync(database => database.List(search, limit), cancellationToken).AsTask();

    public async ValueTask<int> ForgetIdleAsync(DateTimeOffset idleSince, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var forgotten = _database.DeleteIdle(idleSince);
            foreach (var (key, cached) in _cache)
            {
                if (cached.Snapshot.LastActivity <= idleSince)
                {
                    _cache.TryRemove(key, out _);
                }
            }

            return forgotten;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether the file still takes writes (the readiness check); throws what the next write would meet.</summary>
    public async ValueTask ProbeWritableAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _database.ProbeWritable();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops from memory every conversation unused for <see cref="StoreOptions.CacheIdle"/>; returns how many.</summary>
    public int EvictCold()
    {
        var now = _timeProvider.GetTimestamp();
        var evicted = 0;
        foreach (var entry in _cache)
        {
            // Removes only the entry seen here: one replaced by an append meanwhile stays.
            if (_timeProvider.GetElapsedTime(entry.Value.TouchedAt, now) >= _options.CacheIdle && _cache.TryRemove(entry))
            {
                evicted++;
            }
        }

        return evicted;
    }

    /// <summary>
    /// Closes the file once every exchange already queued has committed (the host may stop mid-answer); appends after
    /// this fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        _writer.Dispose();
        _gate.Wait();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _database.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class GateRelease(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
