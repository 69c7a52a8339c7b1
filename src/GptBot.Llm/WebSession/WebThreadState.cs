using System.Text.Json;

namespace GptBot.Llm.WebSession;

/// <summary>
/// Where a chat's web thread continues: the backend's conversation id (null on a fresh thread) and the id of the
/// message to answer (the last assistant message, or a new UUID on a fresh thread). The domain stores it as the
/// conversation's opaque backend state; reset_context deletes it, so the next request starts a fresh thread.
/// </summary>
internal sealed record WebThreadState(string? ConversationId, string ParentMessageId)
{
    private const string ConversationProperty = "conversation_id";
    private const string ParentProperty = "parent_message_id";

    /// <summary>A new thread. The seed sent an empty parent id here; the web client and every other client sent a UUID.</summary>
    public static WebThreadState Fresh() => new(null, Guid.NewGuid().ToString());

    /// <summary>The stored state, or null when there is none or it is not ours (for example left by another backend).</summary>
    public static WebThreadState? Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored) || stored[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(stored);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty(ParentProperty, out var parent) || parent.ValueKind != JsonValueKind.String
                || parent.GetString() is not { Length: > 0 } parentId)
            {
                return null;
            }

            var conversationId = root.TryGetProperty(ConversationProperty, out var conversation) && conversation.ValueKind == JsonValueKind.String
                ? conversation.GetString()
                : null;
            return new WebThreadState(string.IsNullOrEmpty(conversationId) ? null : conversationId, parentId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string Serialize()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(ConversationProperty, ConversationId);
            writer.WriteString(ParentProperty, ParentMessageId);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
