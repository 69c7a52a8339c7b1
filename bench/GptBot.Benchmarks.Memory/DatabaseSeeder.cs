using GptBot.Chat;
using GptBot.Persistence;
using GptBot.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GptBot.Benchmarks.Memory;

/// <summary>
/// Writes N group chats of a few turns each in one transaction (the store's own append commits and syncs per exchange,
/// which is right for a service and far too slow to fill 100,000 chats). The store creates the schema first.
/// </summary>
internal static class DatabaseSeeder
{
    public const int ExchangesPerChat = 2;
    public const long SelfId = 10001;

    public const string Question = "请帮我写一段简短的自我介绍，用于新同事入职的欢迎会。";
    public const string Answer = "大家好，我是新加入团队的小王，之前在一家互联网公司做后端开发，平时喜欢跑步和读书。很高兴认识大家，希望以后多多关照，一起把项目做好！";

    /// <summary>UTF-16 bytes of the text of one chat: the part of its memory that is its content, not overhead.</summary>
    public static long TextBytesPerChat => ExchangesPerChat * 2L * (Question.Length + Answer.Length + "成员".Length);

    public static string Seed(string dataDirectory, int chats, TimeProvider clock)
    {
        using (new SqliteConversationStore(Options.Create(new StoreOptions { DataDirectory = dataDirectory }), Options.Create(new ChatServiceOptions()), clock))
        {
        }

        var path = Path.Combine(dataDirectory, "gptbot.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var conversation = Prepare(connection, transaction, "INSERT INTO conversations (id, self_id, kind, chat_id, backend_state, last_activity) VALUES ($id, $self, 1, $chat, NULL, $at)", "$id", "$self", "$chat", "$at");
        using var turn = Prepare(connection, transaction, "INSERT INTO turns (conversation_id, role, text, author, at) VALUES ($c, $role, $text, $author, $at)", "$c", "$role", "$text", "$author", "$at");
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var chat = 1; chat <= chats; chat++)
        {
            Run(conversation, chat, SelfId, 100_000_000L + chat, at);
            for (var exchange = 0; exchange < ExchangesPerChat; exchange++)
            {
                Run(turn, chat, 0, Question, "成员", at);
                Run(turn, chat, 1, Answer, DBNull.Value, at);
            }
        }

        transaction.Commit();
        return path;
    }

    public static long ChatId(int index) => 100_000_000L + index;

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
