using System.Text.Json;
using GptBot.OneBot.Protocol;

namespace GptBot.OneBot.Actions;

/// <summary>Typed helpers for the actions GptBot uses (OneBot v11 api/public.md and go-cqhttp's forward extension).</summary>
public static class OneBotApiExtensions
{
    /// <summary><c>send_msg</c> to a group (<c>message_type: group</c> + <c>group_id</c>) or a user (<c>private</c> + <c>user_id</c>).</summary>
    public static Task<ActionResponse> SendMessageAsync(
        this IOneBotApi api, long selfId, bool isGroup, long targetId, IReadOnlyList<MessageSegment> message, CancellationToken cancellationToken) =>
        api.CallAsync(selfId, "send_msg", writer =>
        {
            writer.WriteString("message_type"u8, isGroup ? "group" : "private");
            writer.WriteNumber(isGroup ? "group_id"u8 : "user_id"u8, targetId);
            writer.WritePropertyName("message"u8);
            OneBotJson.WriteSegments(writer, message);
        }, cancellationToken);

    /// <summary>
    /// <c>send_group_forward_msg</c> / <c>send_private_forward_msg</c> with custom nodes, each node one text part
    /// from <paramref name="senderId"/> named <paramref name="nickname"/>. Ids are written as strings (Lagrange needs that).
    /// </summary>
    public static Task<ActionResponse> SendForwardAsync(
        this IOneBotApi api, long selfId, bool isGroup, long targetId, long senderId, string nickname, IReadOnlyList<IReadOnlyList<MessageSegment>> nodes, CancellationToken cancellationToken) =>
        api.CallAsync(selfId, isGroup ? "send_group_forward_msg" : "send_private_forward_msg", writer =>
        {
            writer.WriteNumber(isGroup ? "group_id"u8 : "user_id"u8, targetId);
            writer.WritePropertyName("messages"u8);
            writer.WriteStartArray();
            var uin = senderId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var node in nodes)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, SegmentTypes.Node);
                writer.WritePropertyName("data"u8);
                writer.WriteStartObject();
                writer.WriteString("user_id"u8, uin);
                writer.WriteString("nickname"u8, nickname);
                writer.WriteString("uin"u8, uin);
                writer.WriteString("name"u8, nickname);
                writer.WritePropertyName("content"u8);
                OneBotJson.WriteSegments(writer, node);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }, cancellationToken);

    /// <summary>
    /// <c>get_msg</c>: the quoted message's sender (null when the implementation cannot tell) and its segments (empty
    /// when it gives none); null when the implementation does not know the message.
    /// </summary>
    public static async Task<QuotedMessage?> GetQuotedMessageAsync(this IOneBotApi api, long selfId, long messageId, CancellationToken cancellationToken)
    {
        var response = await api.CallAsync(selfId, "get_msg", writer => writer.WriteNumber("message_id"u8, messageId), cancellationToken);
        if (!response.IsSuccess || response.Data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var data = response.Data;
        var sender = data.TryGetProperty("sender", out var senderObject) && senderObject.ValueKind == JsonValueKind.Object
            && JsonValues.ReadInt64(senderObject, "user_id") is { } fromSender
            ? fromSender
            : JsonValues.ReadInt64(data, "user_id");
        var segments = data.TryGetProperty("message", out var message) ? FrameParser.ParseSegments(message) : [];
        return new QuotedMessage(sender, segments);
    }
}

/// <summary>A message another one quotes, as <c>get_msg</c> returned it.</summary>
public sealed record QuotedMessage(long? SenderId, IReadOnlyList<MessageSegment> Segments);
