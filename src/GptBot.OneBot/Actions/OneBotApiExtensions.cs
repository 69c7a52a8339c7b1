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

    /// <summary><c>get_msg</c>: the QQ id of the quoted message's sender, or null when the implementation cannot tell.</summary>
    public static async Task<long?> GetMessageSenderAsync(this IOneBotApi api, long selfId, long messageId, CancellationToken cancellationToken)
    {
        var response = await api.CallAsync(selfId, "get_msg", writer => writer.WriteNumber("message_id"u8, messageId), cancellationToken);
        if (!response.IsSuccess || response.Data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (response.Data.TryGetProperty("sender", out var sender) && sender.ValueKind == JsonValueKind.Object
            && JsonValues.ReadInt64(sender, "user_id") is { } fromSender)
        {
            return fromSender;
        }

        return JsonValues.ReadInt64(response.Data, "user_id");
    }
}
