using GptBot.Chat.Model;
using Microsoft.Data.Sqlite;

namespace GptBot.Persistence.Sqlite;

/// <summary>
/// The conversations file: one open connection, WAL journal, <c>synchronous=FULL</c>. Not thread-safe: the store
/// serialises every call. Every write is one transaction, so a crash leaves either the whole batch of exchanges or none
/// of it.
/// </summary>
/// <remarks>
/// In WAL mode <c>synchronous=NORMAL</c> already survives a killed process (the WAL is in the OS page cache), but not a
/// power cut or kernel crash, which may lose the last commits. <c>FULL</c> syncs the WAL at every commit: one fsync per
/// batch of answered exchanges (the group commit), a few milliseconds against an LLM answer of seconds, for "durable"
/// meaning durable.
/// </remarks>
internal sealed partial class SqliteConversationDatabase : IDisposable
{
    public const string FileName = "gptbot.db";

    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;
    private SqliteCommand? _upsert;
    private SqliteCommand? _insertTurn;
    private SqliteCommand? _cap;

    /// <param name="migrations">The schema steps; <see cref="SqliteSchema.Migrations"/> unless a test brings its own.</param>
    public SqliteConversationDatabase(string dataDirectory, IReadOnlyList<SchemaMigration>? migrations = null)
    {
        // Every private conversation is in this file: the directory and the files are the owner's alone.
        var tightened = new List<TightenedMode>();
        OwnerOnlyFiles.EnsureDirectory(dataDirectory, tightened);
        FilePath = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        OwnerOnlyFiles.EnsureFile(FilePath, tightened);
        OwnerOnlyFiles.TightenIfPresent(FilePath + "-wal", tightened);
        OwnerOnlyFiles.TightenIfPresent(FilePath + "-shm", tightened);
        Tightened = tightened;
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            Execute("PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
            Upgrade = SqliteSchemaMigrator.Migrate(_connection, FilePath, migrations ?? SqliteSchema.Migrations);

            // Only now: a file from a newer GptBot has been refused before anything here could change it, and a step
            // that rebuilds a table must not cascade its drop into the turns.
            Execute("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public string FilePath { get; }

    /// <summary>What opening did to the file's schema (created, migrated with a backup, or nothing).</summary>
    public SchemaUpgrade Upgrade { get; }

    /// <summary>The data directory and database files whose wider modes were tightened when the file was opened.</summary>
    public IReadOnlyList<TightenedMode> Tightened { get; }

    public ConversationSnapshot Load(ConversationKey key)
    {
        using var header = Command("SELECT id, backend_state, last_activity FROM conversations WHERE self_id = $self AND kind = $kind AND chat_id = $chat AND member_id = $member", key);
        long id;
        string? backendState;
        DateTimeOffset lastActivity;
        using (var reader = header.ExecuteReader())
        {
            if (!reader.Read())
            {
                return ConversationSnapshot.Empty;
            }

            id = reader.GetInt64(0);
            backendState = reader.IsDBNull(1) ? null : reader.GetString(1);
            lastActivity = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
        }

        using var select = Command("SELECT role, text, author, at FROM turns WHERE conversation_id = $id ORDER BY id");
        select.Parameters.AddWithValue("$id", id);
        var turns = new List<ConversationTurn>();
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                turns.Add(new ConversationTurn(
                    reader.GetInt64(0) == 0 ? TurnRole.User : TurnRole.Assistant,
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
            }
        }

        return new ConversationSnapshot(turns.ToArray(), backendState, lastActivity);
    }

    /// <summary>
    /// Appends the exchanges in order and drops each conversation's oldest turns beyond <paramref name="keepTurns"/>
    /// (negative: keep all), all in one transaction: every exchange of the batch is on disk, or none is.
    /// </summary>
    public void AppendExchanges(IReadOnlyList<PendingExchange> batch, int keepTurns)
    {
        using var transaction = _connection.BeginTransaction();
        _transaction = transaction;
        try
        {
            foreach (var exchange in batch)
            {
                AppendExchangeIn(exchange.Key, exchange.User, exchange.Assistant, exchange.BackendState, keepTurns);
            }

            transaction.Commit();
        }
        finally
        {
            _transaction = null;
        }
    }

    private void AppendExchangeIn(ConversationKey key, ConversationTurn user, ConversationTurn assistant, string? backendState, int keepTurns)
    {
        // Prepared once and reused: the same three statements run for every answered exchange.
        var upsert = Prepared(
            ref _upsert,
            """
            INSERT INTO conversations (self_id, kind, chat_id, member_id, backend_state, last_activity) VALUES ($self, $kind, $chat, $member, $state, $at)
            ON CONFLICT (self_id, kind, chat_id, member_id) DO UPDATE SET backend_state = excluded.backend_state, last_activity = excluded.last_activity
            RETURNING id
            """,
            "$self", "$kind", "$chat", "$member", "$state", "$at");
        upsert.Parameters[0].Value = key.SelfId;
        upsert.Parameters[1].Value = key.IsGroup ? 1 : 0;
        upsert.Parameters[2].Value = key.ChatId;
        upsert.Parameters[3].Value = key.MemberId;
        upsert.Parameters[4].Value = (object?)backendState ?? DBNull.Value;
        upsert.Parameters[5].Value = assistant.At.ToUnixTimeMilliseconds();
        var id = (long)upsert.ExecuteScalar()!;
        InsertTurn(id, user);
        InsertTurn(id, assistant);
        if (keepTurns >= 0)
        {
            var cap = Prepared(ref _cap, "DELETE FROM turns WHERE conversation_id = $id AND id <= (SELECT id FROM turns WHERE conversation_id = $id ORDER BY id DESC LIMIT 1 OFFSET $keep)", "$id", "$keep");
            cap.Parameters[0].Value = id;
            cap.Parameters[1].Value = keepTurns;
            cap.ExecuteNonQuery();
        }
    }

    public void Delete(ConversationKey key)
    {
        using var delete = Command("DELETE FROM conversations WHERE self_id = $self AND kind = $kind AND chat_id = $chat AND member_id = $member", key);
        delete.ExecuteNonQuery();
    }

    /// <summary>Deletes every context of the chat: the shared one and each member's own.</summary>
    public void DeleteChat(ConversationKey chat)
    {
        using var delete = Command("DELETE FROM conversations WHERE self_id = $self AND kind = $kind AND chat_id = $chat", chat.Chat);
        delete.ExecuteNonQuery();
    }

    /// <summary>Deletes every conversation last active at or before <paramref name="idleSince"/>, with its turns.</summary>
    public int DeleteIdle(DateTimeOffset idleSince)
    {
        using var delete = Command("DELETE FROM conversations WHERE last_activity <= $before");
        delete.Parameters.AddWithValue("$before", idleSince.ToUnixTimeMilliseconds());
        return delete.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _upsert?.Dispose();
        _insertTurn?.Dispose();
        _cap?.Dispose();
        _connection.Dispose();
    }

    private void InsertTurn(long conversationId, ConversationTurn turn)
    {
        var insert = Prepared(ref _insertTurn, "INSERT INTO turns (conversation_id, role, text, author, at) VALUES ($id, $role, $text, $author, $at)", "$id", "$role", "$text", "$author", "$at");
        insert.Parameters[0].Value = conversationId;
        insert.Parameters[1].Value = turn.Role == TurnRole.User ? 0 : 1;
        insert.Parameters[2].Value = turn.Text;
        insert.Parameters[3].Value = (object?)turn.AuthorName ?? DBNull.Value;
        insert.Parameters[4].Value = turn.At.ToUnixTimeMilliseconds();
        insert.ExecuteNonQuery();
    }

    /// <summary>The statement kept in <paramref name="slot"/>, created and prepared on first use, bound to the current transaction.</summary>
    private SqliteCommand Prepared(ref SqliteCommand? slot, string sql, params string[] parameters)
    {
        if (slot is null)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            slot = command;
        }

        slot.Transaction = _transaction;
        return slot;
    }

    /// <summary>
    /// Takes the write lock and reads the schema version, then lets go without changing anything: a file that is gone,
    /// locked by another process, opened read-only or unreadable fails here, as the next answer's write would.
    /// </summary>
    public void ProbeWritable()
    {
        // A lock held elsewhere is waited for briefly, not for the 30 s an answer's write would wait: a readiness check
        // must answer within its own time limit.
        var timeout = _connection.DefaultTimeout;
        _connection.DefaultTimeout = 2;
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version;";
            command.ExecuteScalar();
            transaction.Rollback();
        }
        finally
        {
            _connection.DefaultTimeout = timeout;
        }
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private SqliteCommand Command(string sql, ConversationKey key)
    {
        var command = Command(sql);
        command.Parameters.AddWithValue("$self", key.SelfId);
        command.Parameters.AddWithValue("$kind", key.IsGroup ? 1 : 0);
        command.Parameters.AddWithValue("$chat", key.ChatId);
        command.Parameters.AddWithValue("$member", key.MemberId);
        return command;
    }
}
