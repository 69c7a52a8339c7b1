using System.Text.Json;

namespace GptBot.OneBot.Protocol;

/// <summary>
/// An implementation's answer to an action. Success is decided by <c>status</c> alone ("ok" or "async"), never by
/// a particular retcode; an answer without a status (go-cqhttp's <c>{}</c>) is a failure.
/// </summary>
public sealed record ActionResponse(string? Status, long Retcode, JsonElement Data, string? Wording, string? Echo, string? Stream)
{
    public bool IsSuccess => Status is "ok" or "async";

    /// <summary>NapCat stream actions send partial frames with the same echo before the final one.</summary>
    public bool IsPartialStream => Stream == "stream-action" && Data.ValueKind == JsonValueKind.Object
        && Data.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("stream");

    /// <summary>The <c>message_id</c> of a successful send, or null when the implementation did not give one.</summary>
    public long? MessageId => Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("message_id", out var id)
        ? JsonValues.ReadInt64(id) : null;
}
