using Microsoft.Data.Sqlite;

namespace GptBot.LoadTest.Runner;

/// <summary>
/// Fills a GptBot data directory with N stored group conversations (one exchange each), straight into the SQLite file
/// in one transaction with prepared inserts: a million take seconds, where the service's own append (one durable
/// commit per batch) would take far longer. GptBot itself creates the file first, so the schema is always the current one.
/// </summary>
public static class StoredConversations
{
    public const string Question = "请帮我写一段简短的自我介绍，用于新同事入职的欢迎会。";
    public const string Answer = "大家好，我是新加入团队的小王，很高兴认识大家，希望以后多多关照！";

    /// <summary>Writes conversations for the load driver's groups 0..count-1 (group i on connection i % connections).</summary>
    public static void Seed(string databasePath, int count, int connections)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // A seed, not a service: no fsync until the end.
            pragma.CommandText = "PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var conversation = Prepare(connection, transaction, "INSERT INTO conversations (id, self_id, kind, chat_id, backend_state, last_activity) VALUES ($id, $self, 1, $chat, NULL, $at)", "$id", "$self", "$chat", "$at");
        using var turn = Prepare(connection, transaction, "INSERT INTO turns (conversation_id, role, text, author, at) VALUES ($c, $role, $text, $author, $at)", "$c", "$role", "$text", "$author", "$at");
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var group = 0; group < count; group++)
        {
            var id = group + 1L;
            Run(conversation, id, Qq.FakeQqConnection.FirstSelfId + (group % connections), Qq.LoadDriver.FirstGroupId + group, at);
            Run(turn, id, 0, Question, "成员", at);
            Run(turn, id, 1, Answer, DBNull.Value, at);
        }

        transaction.Commit();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
