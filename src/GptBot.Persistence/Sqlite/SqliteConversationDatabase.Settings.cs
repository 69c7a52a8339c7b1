using GptBot.Chat.Model;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;

namespace GptBot.Persistence.Sqlite;

/// <summary>The per-chat settings and the block list, in the same file as the conversations they apply to.</summary>
internal sealed partial class SqliteConversationDatabase
{
    public List<KeyValuePair<ConversationKey, ChatSettings>> LoadChatSettings()
    {
        using var select = Command("SELECT self_id, kind, chat_id, enabled, persona, model, reply_mode, probability, scope FROM chat_settings");
        var all = new List<KeyValuePair<ConversationKey, ChatSettings>>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var selfId = reader.GetInt64(0);
            var chatId = reader.GetInt64(2);
            var key = reader.GetInt64(1) == 1 ? ConversationKey.Group(selfId, chatId) : ConversationKey.Private(selfId, chatId);
            all.Add(new(key, new ChatSettings
            {
                Enabled = reader.IsDBNull(3) ? null : reader.GetInt64(3) != 0,
                Persona = reader.IsDBNull(4) ? null : reader.GetString(4),
                Model = reader.IsDBNull(5) ? null : reader.GetString(5),

                // A value a later release wrote and this one does not know reads as "as configured", never as a failure.
                ReplyMode = reader.IsDBNull(6) ? null : Enum.TryParse<ReplyMode>(reader.GetString(6), ignoreCase: true, out var mode) ? mode : null,
                Probability = reader.IsDBNull(7) ? null : reader.GetDouble(7),
                Scope = reader.IsDBNull(8) ? null : Enum.TryParse<ContextScope>(reader.GetString(8), ignoreCase: true, out var scope) ? scope : null,
            }));
        }

        return all;
    }

    /// <summary>Writes the chat's settings, or deletes its row when it has none left.</summary>
    public void SaveChatSettings(ConversationKey chat, ChatSettings settings, DateTimeOffset at)
    {
        if (settings.IsEmpty)
        {
            using var delete = Command("DELETE FROM chat_settings WHERE self_id = $self AND kind = $kind AND chat_id = $chat", chat.Chat);
            delete.ExecuteNonQuery();
            return;
        }

        using var upsert = Command(
            """
            INSERT OR REPLACE INTO chat_settings (self_id, kind, chat_id, enabled, persona, model, reply_mode, probability, scope, updated_at)
            VALUES ($self, $kind, $chat, $enabled, $persona, $model, $mode, $probability, $scope, $at)
            """,
            chat.Chat);
        upsert.Parameters.AddWithValue("$enabled", settings.Enabled is { } enabled ? (enabled ? 1 : 0) : DBNull.Value);
        upsert.Parameters.AddWithValue("$persona", (object?)settings.Persona ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$model", (object?)settings.Model ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$mode", settings.ReplyMode is { } mode ? mode.ToString().ToLowerInvariant() : DBNull.Value);
        upsert.Parameters.AddWithValue("$probability", settings.Probability is { } probability ? probability : DBNull.Value);
        upsert.Parameters.AddWithValue("$scope", settings.Scope is { } scope ? scope.ToString().ToLowerInvariant() : DBNull.Value);
        upsert.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        upsert.ExecuteNonQuery();
    }

    public List<long> LoadBlockedUsers()
    {
        using var select = Command("SELECT user_id FROM blocked_users ORDER BY user_id");
        var users = new List<long>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            users.Add(reader.GetInt64(0));
        }

        return users;
    }

    public void SaveBlocked(long userId, bool blocked, DateTimeOffset at)
    {
        using var command = Command(blocked
            ? "INSERT OR IGNORE INTO blocked_users (user_id, blocked_at) VALUES ($user, $at)"
            : "DELETE FROM blocked_users WHERE user_id = $user");
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }
}
