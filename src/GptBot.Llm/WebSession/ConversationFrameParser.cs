using System.Text.Json;

namespace GptBot.Llm.WebSession;

/// <summary>
/// Reads one SSE data payload of <c>/backend-api/conversation</c>. Tolerant by design: the 2022 and 2023 shapes,
/// <c>null</c> fields, frames without a message, empty <c>parts</c> and echoed user or system messages are all
/// skipped instead of failing the answer (the seed crashed on most of them).
/// </summary>
internal static class ConversationFrameParser
{
    private const int MaxErrorLength = 300;

    public static ConversationFrame Parse(string payload)
    {
        var trimmed = payload.AsSpan().Trim();
        if (trimmed.SequenceEqual("[DONE]"))
        {
            return new ConversationFrame(ConversationFrameKind.Done, null, null, null, null);
        }

        if (trimmed.IsEmpty || trimmed[0] != '{')
        {
            return ConversationFrame.Ignored();
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            return Read(document.RootElement);
        }
        catch (JsonException)
        {
            return ConversationFrame.Ignored();
        }
    }

    private static ConversationFrame Read(JsonElement root)
    {
        var conversationId = StringOf(root, "conversation_id");
        if (ErrorOf(root) is { } error)
        {
            return new ConversationFrame(ConversationFrameKind.Error, conversationId, null, null, error);
        }

        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return ConversationFrame.Ignored(conversationId);
        }

        // 2022 frames carry "role"; 2023 frames carry "author": {"role": ...} and also echo the user's own message.
        var role = message.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object
            ? StringOf(author, "role")
            : StringOf(message, "role");
        if (role is not null && role != "assistant")
        {
            return ConversationFrame.Ignored(conversationId);
        }

        var messageId = StringOf(message, "id");
        string? text = null;
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array
            && parts.GetArrayLength() > 0 && parts[0].ValueKind == JsonValueKind.String)
        {
            text = parts[0].GetString();
        }

        return new ConversationFrame(ConversationFrameKind.Message, conversationId, messageId, text, null);
    }

    private static string? ErrorOf(JsonElement root)
    {
        if (!root.TryGetProperty("error", out var error))
        {
            return null;
        }

        var detail = error.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => null,
            JsonValueKind.String => error.GetString(),
            _ => error.GetRawText(),
        };
        if (string.IsNullOrWhiteSpace(detail))
        {
            return null;
        }

        return detail.Length <= MaxErrorLength ? detail : detail[..MaxErrorLength] + "…";
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
