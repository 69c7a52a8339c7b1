using System.Text.Json;

namespace GptBot.Testing;

/// <summary>One request the fake ChatGPT web backend received.</summary>
public sealed class FakeWebRequest(string path, string? authorization, string? cookie, JsonElement body, IReadOnlyDictionary<string, string> headers)
{
    public string Path { get; } = path;

    public string? Authorization { get; } = authorization;

    /// <summary>The raw Cookie header.</summary>
    public string? Cookie { get; } = cookie;

    /// <summary>The value of <c>__Secure-next-auth.session-token</c> in the Cookie header, if any.</summary>
    public string? SessionToken => Cookie?.Split(';').Select(c => c.Trim())
        .Where(c => c.StartsWith(FakeChatGptWebServer.SessionCookieName + "=", StringComparison.Ordinal))
        .Select(c => c[(FakeChatGptWebServer.SessionCookieName.Length + 1)..]).FirstOrDefault();

    /// <summary>The JSON body of a conversation request (default for a session request).</summary>
    public JsonElement Body { get; } = body;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public bool HasConversationId => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("conversation_id", out var id) && id.ValueKind == JsonValueKind.String;

    public string? ConversationId => HasConversationId ? Body.GetProperty("conversation_id").GetString() : null;

    public string? ParentMessageId => Body.TryGetProperty("parent_message_id", out var id) ? id.GetString() : null;

    public JsonElement Message => Body.GetProperty("messages")[0];

    /// <summary><c>messages[0].content.parts[0]</c>.</summary>
    public string Prompt => Message.GetProperty("content").GetProperty("parts")[0].GetString()!;

    /// <summary>What the default handler streamed back: the conversation id and the id of the last assistant message.</summary>
    public (string ConversationId, string MessageId)? AnsweredWith { get; internal set; }
}
