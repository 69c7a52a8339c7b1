using GptBot.Chat.Model;
using GptBot.Chat.Ports;

namespace GptBot.Persistence.Sqlite;

internal sealed partial class SqliteConversationDatabase
{
    /// <summary>
    /// Conversations whose key text (<c>10001:group:20002</c>, a member's own <c>10001:group:20002:30003</c>) contains <paramref name="search"/>, most recently active
    /// first, at most <paramref name="limit"/>, with their turn counts. Read by the console, never on a message's path.
    /// </summary>
    public IReadOnlyList<ConversationSummary> List(string? search, int limit)
    {
        using var select = Command(
            """
            SELECT c.self_id, c.kind, c.chat_id, c.member_id, c.last_activity, (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id)
            FROM conversations c
            WHERE $pattern IS NULL
               OR (c.self_id || ':' || CASE c.kind WHEN 1 THEN 'group' ELSE 'private' END || ':' || c.chat_id
                   || CASE c.member_id WHEN 0 THEN '' ELSE ':' || c.member_id END) LIKE $pattern ESCAPE '\'
            ORDER BY c.last_activity DESC
            LIMIT $limit
            """);
        select.Parameters.AddWithValue("$pattern", string.IsNullOrEmpty(search) ? DBNull.Value : "%" + EscapeLike(search) + "%");
        select.Parameters.AddWithValue("$limit", Math.Max(0, limit));
        var found = new List<ConversationSummary>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var key = new ConversationKey(reader.GetInt64(0), reader.GetInt64(1) == 1 ? ChatKind.Group : ChatKind.Private, reader.GetInt64(2), reader.GetInt64(3));
            found.Add(new ConversationSummary(key, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetInt32(5)));
        }

        return found;
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
