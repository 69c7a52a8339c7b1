using System.Threading.Channels;

namespace GptBot.Persistence.Sqlite;

/// <summary>
/// The one writer of answered exchanges: appends queue here, and each pass takes every exchange waiting (up to
/// <see cref="MaxBatchCount"/> and <see cref="MaxBatchBytes"/>) and commits them in one transaction, so many chats that
/// finish together pay one fsync between them. A lone exchange is written at once (the writer never waits for company),
/// and while a commit is on its way to the disk the next batch gathers by itself.
/// </summary>
/// <remarks>
/// Each caller completes only when its batch has committed, so an exchange counts as stored exactly when it is on
/// disk, and a crash loses at most the batch in flight. A failed batch fails each of its callers with the failure and
/// leaves nothing of itself behind (its transaction rolls back); the next batch starts afresh.
/// </remarks>
internal sealed class GroupCommitWriter : IDisposable
{
    /// <summary>Exchanges per transaction at most: bounds how long one commit holds the file from cold reads.</summary>
    public const int MaxBatchCount = 256;

    /// <summary>Text per transaction at most (UTF-16 bytes); one exchange over it is still written, alone.</summary>
    public const long MaxBatchBytes = 1 << 20;

    private readonly Channel<PendingExchange> _queue = Channel.CreateUnbounded<PendingExchange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<IDisposable>> _holdDisk;
    private readonly Action<IReadOnlyList<PendingExchange>> _commit;
    private readonly Task _writing;
    private long _commits;

    /// <param name="holdDisk">Takes the file for this writer alone (the store's gate); the batch is gathered once it is held.</param>
    /// <param name="commit">Writes the batch in one transaction and updates what is cached; throws if it did not commit.</param>
    public GroupCommitWriter(Func<CancellationToken, Task<IDisposable>> holdDisk, Action<IReadOnlyList<PendingExchange>> commit)
    {
        _holdDisk = holdDisk;
        _commit = commit;
        _writing = Task.Run(WriteAsync);
    }

    /// <summary>Transactions committed so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Queues the exchange; its <see cref="PendingExchange.Stored"/> completes when its batch has committed.</summary>
    /// <exception cref="ObjectDisposedException">The store is closing and takes no more writes.</exception>
    public Task EnqueueAsync(PendingExchange exchange)
    {
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(exchange), typeof(SqliteConversationStore));
        return exchange.Stored;
    }

    /// <summary>Takes no more exchanges and returns once every queued one is committed (or failed).</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writing.GetAwaiter().GetResult();
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingExchange>(MaxBatchCount);
        PendingExchange? carried = null;
        while (carried is not null || await reader.WaitToReadAsync())
        {
            // The batch is gathered only once the file is free: whatever queued while a cold read or the previous
            // commit held it goes into this one transaction.
            using (await _holdDisk(CancellationToken.None))
            {
                var bytes = 0L;
                if (carried is not null)
                {
                    batch.Add(carried);
                    bytes = carried.Bytes;
                    carried = null;
                }

                while (batch.Count < MaxBatchCount && reader.TryRead(out var next))
                {
                    if (next.CancellationToken.IsCancellationRequested)
                    {
                        // Its caller gave up before it was written: it is not stored, as if it had never been asked.
                        next.Cancelled();
                        continue;
                    }

                    if (batch.Count > 0 && bytes + next.Bytes > MaxBatchBytes)
                    {
                        carried = next;
                        break;
                    }

                    batch.Add(next);
                    bytes += next.Bytes;
                }

                if (batch.Count > 0)
                {
                    Commit(batch);
                }
            }

            batch.Clear();
        }
    }

    private void Commit(List<PendingExchange> batch)
    {
        try
        {
            _commit(batch);
            Interlocked.Increment(ref _commits);
        }
        catch (Exception ex)
        {
            foreach (var exchange in batch)
            {
                exchange.Failed(ex);
            }

            return;
        }

        foreach (var exchange in batch)
        {
            exchange.Committed();
        }
    }
}
