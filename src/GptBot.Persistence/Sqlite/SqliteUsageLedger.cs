using System.Globalization;
using System.Threading.Channels;
using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using GptBot.Chat.Usage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GptBot.Persistence.Sqlite;

/// <summary>
/// Token usage in the conversations file (table <c>token_usage</c>, one row per day, chat and member), so the daily
/// budgets hold across restarts and crashes. Today and yesterday are also held in memory, loaded at start: every
/// budget check and <c>/gpt_control usage</c> reads memory only. An older day, which only the console asks for, is read
/// from the file. Rows older than <see cref="DaysKept"/> days are deleted at start and on each day's first answer.
/// </summary>
/// <remarks>
/// It has its own connection to the file: the conversation store opens (and migrates) the file first, this is built
/// from it, and WAL lets both write it, one commit at a time. Each answer is one upsert, committed with
/// <c>synchronous=FULL</c> before <see cref="AddAsync"/> completes; the answers that finish while a commit is on its
/// way to the disk share the next transaction and its fsync, so a busy bot does not pay one fsync per answer, one chat
/// after another.
/// </remarks>
public sealed class SqliteUsageLedger : IUsageLedger, IDisposable
{
    /// <summary>Days of usage kept in the file, today's included.</summary>
    public const int DaysKept = InMemoryUsageLedger.DefaultDaysKept;

    /// <summary>Today and yesterday: a day just ended is still asked about (its usage just after midnight, say).</summary>
    private const int DaysInMemory = 2;

    /// <summary>How a day is stored: sortable, and readable to an operator who opens the file.</summary>
    private const string DayFormat = "yyyy-MM-dd";

    private readonly SqliteConnection _connection;
    private readonly InMemoryUsageLedger _recent = new(DaysInMemory);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<PendingUsage> _queue = Channel.CreateUnbounded<PendingUsage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writing;
    private long _commits;
    private int _memoryFrom;
    private DateOnly _prunedOn;
    private bool _disposed;

    /// <param name="store">The conversation store: constructed, it has the file open at the newest schema.</param>
    public SqliteUsageLedger(SqliteConversationStore store, IOptions<ChatServiceOptions> chat, TimeProvider timeProvider)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = store.FilePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            Execute("PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
            var today = TokenBudget.DayOf(timeProvider.GetUtcNow(), chat.Value.TimeZone);
            Prune(today);
            var from = today.AddDays(1 - DaysInMemory);
            _memoryFrom = from.DayNumber;
            Load(_recent, "day >= $day", from);
        }
        catch (Exception ex) when (ex is SqliteException)
        {
            _connection.Dispose();
            throw new StoreUnavailableException($"GPT_DATA_DIR: cannot read the token usage in '{store.FilePath}': {ex.Message}", ex);
        }

        _writing = Task.Run(WriteAsync);
    }

    /// <summary>Transactions committed so far.</summary>
    internal long Commits => Interlocked.Read(ref _commits);

    /// <summary>Queues the answer's tokens; completes once the transaction that holds them has committed.</summary>
    public ValueTask AddAsync(ConversationKey chat, long userId, DateOnly day, TokenUsage usage, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingUsage(chat, userId, day, usage);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return new ValueTask(pending.Stored.Task);
    }

    /// <summary>
    /// Holds the file for this ledger alone until the result is disposed: additions queued meanwhile are then committed
    /// together. Tests use it to gather a batch on purpose.
    /// </summary>
    internal async Task<IDisposable> HoldAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new GateRelease(_gate);
    }

    public ChatUsage ForChat(ConversationKey chat, DateOnly day, int topUsers = 5) => Day(day).ForChat(chat, day, topUsers);

    public TokenUsage ForUser(long userId, DateOnly day) => Day(day).ForUser(userId, day);

    public IReadOnlyList<ChatUsage> ForDay(DateOnly day, int topUsers = 5) => Day(day).ForDay(day, topUsers);

    /// <summary>Takes no more additions and closes the file once every queued one is committed (or failed).</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writing.GetAwaiter().GetResult();
        _gate.Wait();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The one writer: each pass commits every addition waiting, in one transaction.</summary>
    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingUsage>();
        while (await reader.WaitToReadAsync())
        {
            // Gathered only once the file is free: whatever queued during the previous commit goes into this one.
            await _gate.WaitAsync();
            try
            {
                while (reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                Commit(batch);
            }
            finally
            {
                _gate.Release();
            }

            batch.Clear();
        }
    }

    private void Commit(List<PendingUsage> batch)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using (var transaction = _connection.BeginTransaction())
            {
                foreach (var pending in batch)
                {
                    Upsert(transaction, pending);
                }

                transaction.Commit();
            }

            Interlocked.Increment(ref _commits);
        }
        catch (Exception ex)
        {
            // Nothing of the batch is on disk (its transaction rolled back) nor in memory: each answer's caller hears why.
            foreach (var pending in batch)
            {
                pending.Stored.TrySetException(ex);
            }

            return;
        }

        foreach (var pending in batch)
        {
            Remember(pending);
            pending.Stored.TrySetResult();
        }
    }

    private void Upsert(SqliteTransaction transaction, PendingUsage pending)
    {
        using var upsert = Command(
            """
            INSERT INTO token_usage (day, self_id, kind, chat_id, user_id, input_tokens, output_tokens)
            VALUES ($day, $self, $kind, $chat, $user, $input, $output)
            ON CONFLICT (day, self_id, kind, chat_id, user_id) DO UPDATE SET
                input_tokens = input_tokens + excluded.input_tokens,
                output_tokens = output_tokens + excluded.output_tokens
            """,
            pending.Day);
        upsert.Transaction = transaction;
        upsert.Parameters.AddWithValue("$self", pending.Chat.SelfId);
        upsert.Parameters.AddWithValue("$kind", pending.Chat.IsGroup ? 1 : 0);
        upsert.Parameters.AddWithValue("$chat", pending.Chat.ChatId);
        upsert.Parameters.AddWithValue("$user", pending.UserId);
        upsert.Parameters.AddWithValue("$input", pending.Usage.InputTokens);
        upsert.Parameters.AddWithValue("$output", pending.Usage.OutputTokens);
        upsert.ExecuteNonQuery();
    }

    /// <summary>The committed addition into memory, and the day's first one moves the window and prunes the file.</summary>
    private void Remember(PendingUsage pending)
    {
        var day = pending.Day;
        if (day.AddDays(1 - DaysInMemory).DayNumber > _memoryFrom)
        {
            // A new day: reads of the day that leaves memory go to the file from now on.
            Volatile.Write(ref _memoryFrom, day.AddDays(1 - DaysInMemory).DayNumber);
        }

        _recent.Add(pending.Chat, pending.UserId, day, pending.Usage);
        if (day > _prunedOn)
        {
            try
            {
                Prune(day);
            }
            catch (SqliteException)
            {
                // The usage is stored; the old rows go with the next day's first answer, or at the next start.
            }
        }
    }

    /// <summary>Memory for the recent days; an older day is read from the file (only the console looks that far back).</summary>
    private InMemoryUsageLedger Day(DateOnly day)
    {
        if (day.DayNumber >= Volatile.Read(ref _memoryFrom))
        {
            return _recent;
        }

        var past = new InMemoryUsageLedger(1);
        _gate.Wait();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Load(past, "day = $day", day);
        }
        finally
        {
            _gate.Release();
        }

        return past;
    }

    private void Load(InMemoryUsageLedger into, string condition, DateOnly day)
    {
        using var select = Command("SELECT day, self_id, kind, chat_id, user_id, input_tokens, output_tokens FROM token_usage WHERE " + condition, day);
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var chat = new ConversationKey(reader.GetInt64(1), reader.GetInt64(2) == 1 ? ChatKind.Group : ChatKind.Private, reader.GetInt64(3));
            var rowDay = DateOnly.ParseExact(reader.GetString(0), DayFormat, CultureInfo.InvariantCulture);
            into.Add(chat, reader.GetInt64(4), rowDay, new TokenUsage(reader.GetInt64(5), reader.GetInt64(6)));
        }
    }

    /// <summary>Deletes the days older than <see cref="DaysKept"/> counted back from <paramref name="today"/>.</summary>
    private void Prune(DateOnly today)
    {
        using var delete = Command("DELETE FROM token_usage WHERE day < $day", today.AddDays(1 - DaysKept));
        delete.ExecuteNonQuery();
        _prunedOn = today;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, DateOnly day)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$day", day.ToString(DayFormat, CultureInfo.InvariantCulture));
        return command;
    }

    /// <summary>One answer's tokens waiting for the next commit, and its caller waiting for that commit.</summary>
    private sealed record PendingUsage(ConversationKey Chat, long UserId, DateOnly Day, TokenUsage Usage)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
