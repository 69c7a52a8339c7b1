using System.Globalization;
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
/// <c>synchronous=FULL</c> before <see cref="AddAsync"/> completes.
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
    }

    public async ValueTask AddAsync(ConversationKey chat, long userId, DateOnly day, TokenUsage usage, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using (var upsert = Command(
                """
                INSERT INTO token_usage (day, self_id, kind, chat_id, user_id, input_tokens, output_tokens)
                VALUES ($day, $self, $kind, $chat, $user, $input, $output)
                ON CONFLICT (day, self_id, kind, chat_id, user_id) DO UPDATE SET
                    input_tokens = input_tokens + excluded.input_tokens,
                    output_tokens = output_tokens + excluded.output_tokens
                """,
                day))
            {
                upsert.Parameters.AddWithValue("$self", chat.SelfId);
                upsert.Parameters.AddWithValue("$kind", chat.IsGroup ? 1 : 0);
                upsert.Parameters.AddWithValue("$chat", chat.ChatId);
                upsert.Parameters.AddWithValue("$user", userId);
                upsert.Parameters.AddWithValue("$input", usage.InputTokens);
                upsert.Parameters.AddWithValue("$output", usage.OutputTokens);
                upsert.ExecuteNonQuery();
            }

            if (day.AddDays(1 - DaysInMemory).DayNumber > _memoryFrom)
            {
                // A new day: reads of the day that leaves memory go to the file from now on.
                Volatile.Write(ref _memoryFrom, day.AddDays(1 - DaysInMemory).DayNumber);
            }

            _recent.Add(chat, userId, day, usage);
            if (day > _prunedOn)
            {
                Prune(day);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public ChatUsage ForChat(ConversationKey chat, DateOnly day, int topUsers = 5) => Day(day).ForChat(chat, day, topUsers);

    public TokenUsage ForUser(long userId, DateOnly day) => Day(day).ForUser(userId, day);

    public IReadOnlyList<ChatUsage> ForDay(DateOnly day, int topUsers = 5) => Day(day).ForDay(day, topUsers);

    public void Dispose()
    {
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
}
