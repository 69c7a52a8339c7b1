using Microsoft.Data.Sqlite;

namespace GptBot.Persistence.Sqlite;

/// <summary>
/// Creates the schema of an empty file and migrates an older one, step by step, inside one transaction per step.
/// The version lives in <c>schema_version</c>; a file written by a newer GptBot is refused rather than damaged.
/// </summary>
internal static class SqliteSchema
{
    public const int CurrentVersion = 1;

    private static readonly string[] Migrations =
    [
        // 1: conversations (one row per chat, its backend thread id and last activity) and their turns in order.
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            self_id INTEGER NOT NULL,
            kind INTEGER NOT NULL,              -- 0 private, 1 group
            chat_id INTEGER NOT NULL,
            backend_state TEXT,
            last_activity INTEGER NOT NULL,     -- unix milliseconds
            UNIQUE (self_id, kind, chat_id));
        CREATE INDEX conversations_by_activity ON conversations (last_activity);
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,             -- increasing: the order of the conversation
            conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            role INTEGER NOT NULL,              -- 0 user, 1 assistant
            text TEXT NOT NULL,
            author TEXT,
            at INTEGER NOT NULL);               -- unix milliseconds
        CREATE INDEX turns_by_conversation ON turns (conversation_id, id);
        """,
    ];

    public static void Migrate(SqliteConnection connection)
    {
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException($"the database has schema version {version}, newer than this GptBot understands ({CurrentVersion}); use a newer GptBot or another GPT_DATA_DIR");
        }

        for (var next = version + 1; next <= CurrentVersion; next++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, Migrations[next - 1]);
            Execute(connection, transaction, "DELETE FROM schema_version");
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO schema_version (version) VALUES ($version)";
                command.Parameters.AddWithValue("$version", next);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    private static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        return command.ExecuteScalar() is long version ? (int)version : 0;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
