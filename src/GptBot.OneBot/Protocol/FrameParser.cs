using System.Text;
using System.Text.Json;

namespace GptBot.OneBot.Protocol;

/// <summary>What one inbound WebSocket frame turned out to be.</summary>
public enum FrameKind
{
    Invalid,
    Event,
    ActionResponse,
}

/// <summary>The result of <see cref="FrameParser.Parse"/>: an event, an action response, or the reason it is neither.</summary>
public readonly record struct ParsedFrame(FrameKind Kind, OneBotEvent? Event, ActionResponse? Response, string? Error)
{
    public static ParsedFrame Invalid(string error) => new(FrameKind.Invalid, null, null, error);
}

/// <summary>
/// Classifies and parses inbound frames. A frame with <c>post_type</c> is an event; otherwise it is an action response
/// (NoneBot's and Koishi's rule). Parsing is lenient, because implementations write events loosely (numbers as
/// strings, missing fields), and never throws.
/// </summary>
public static class FrameParser
{
    public static ParsedFrame Parse(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedFrame.Invalid("frame is not a JSON object");
            }

            if (root.TryGetProperty("post_type", out _))
            {
                var evt = ParseEvent(root);
                return evt is null ? ParsedFrame.Invalid("event without a usable self_id") : new ParsedFrame(FrameKind.Event, evt, null, null);
            }

            return new ParsedFrame(FrameKind.ActionResponse, null, ParseResponse(root), null);
        }
        catch (JsonException ex)
        {
            return ParsedFrame.Invalid("malformed JSON: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Valid JSON the reader still cannot decode, e.g. a property name holding half of a surrogate pair.
            return ParsedFrame.Invalid("unreadable JSON text: " + ex.Message);
        }
    }

    internal static OneBotEvent? ParseEvent(JsonElement root)
    {
        var selfId = JsonValues.ReadInt64(root, "self_id");
        if (selfId is null)
        {
            return null;
        }

        var time = JsonValues.ReadUnixSeconds(root, "time");
        var postType = JsonValues.ReadString(root, "post_type") ?? string.Empty;
        var subType = JsonValues.ReadString(root, "sub_type") ?? string.Empty;
        switch (postType)
        {
            case "message":
                return ParseMessage(root, selfId.Value, time, subType);
            case "meta_event":
                return new MetaEvent(selfId.Value, time, JsonValues.ReadString(root, "meta_event_type") ?? string.Empty, subType, JsonValues.ReadInt64(root, "interval"));
            case "notice":
                return new NoticeEvent(selfId.Value, time, JsonValues.ReadString(root, "notice_type") ?? string.Empty, subType);
            case "request":
                return new RequestEvent(selfId.Value, time, JsonValues.ReadString(root, "request_type") ?? string.Empty, subType);
            default:
                return new UnknownEvent(selfId.Value, time, postType, JsonValues.ReadString(root, "message_type") ?? subType);
        }
    }

    private static OneBotEvent ParseMessage(JsonElement root, long selfId, long time, string subType)
    {
        var messageType = JsonValues.ReadString(root, "message_type") ?? string.Empty;
        var userId = JsonValues.ReadInt64(root, "user_id");
        var groupId = JsonValues.ReadInt64(root, "group_id");
        var known = messageType switch
        {
            "private" => userId is not null,
            "group" => userId is not null && groupId is not null,
            _ => false,
        };
        if (!known)
        {
            // guild messages, or a message missing the ids needed to answer it: nothing we can reply to.
            return new UnknownEvent(selfId, time, "message", messageType.Length > 0 ? messageType : "message without ids");
        }

        var raw = JsonValues.ReadString(root, "raw_message") ?? string.Empty;
        var segments = root.TryGetProperty("message", out var message) ? ParseSegments(message) : MergeText(CqCode.Parse(raw));
        return new MessageEvent(
            selfId,
            time,
            messageType,
            subType,
            ReadMessageId(root),
            userId!.Value,
            messageType == "group" ? groupId : null,
            segments,
            raw,
            ParseSender(root, userId.Value));
    }

    /// <summary>A message in either shape: a CQ string, an array of segments, or a single segment object.</summary>
    public static List<MessageSegment> ParseSegments(JsonElement message)
    {
        switch (message.ValueKind)
        {
            case JsonValueKind.String:
                return MergeText(CqCode.Parse(JsonValues.ReadText(message)));
            case JsonValueKind.Array:
                var segments = new List<MessageSegment>(message.GetArrayLength());
                foreach (var item in message.EnumerateArray())
                {
                    if (ParseSegment(item) is { } segment)
                    {
                        segments.Add(segment);
                    }
                }

                return MergeText(segments);
            case JsonValueKind.Object:
                return ParseSegment(message) is { } single ? [single] : [];
            default:
                return [];
        }
    }

    private static MessageSegment? ParseSegment(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || JsonValues.ReadString(item, "type") is not { Length: > 0 } type)
        {
            return null;
        }

        if (!item.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return new MessageSegment(type);
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var property in data.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => JsonValues.ReadText(property.Value),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => property.Value.GetRawText(),
            };
            if (value is not null)
            {
                pairs.Add(new(property.Name, value));
            }
        }

        return new MessageSegment(type, [.. pairs]);
    }

    /// <summary>
    /// Adjacent text segments are merged (NoneBot's <c>reduce()</c>) and empty ones dropped (the string form cannot carry
    /// them), so both wire shapes give one list. Each run of text is joined in one pass: joining pairwise would copy the
    /// growing text once per segment, quadratic in a frame of many tiny segments.
    /// </summary>
    private static List<MessageSegment> MergeText(List<MessageSegment> segments)
    {
        var merged = new List<MessageSegment>(segments.Count);
        var start = 0;
        while (start < segments.Count)
        {
            if (!segments[start].IsText)
            {
                merged.Add(segments[start++]);
                continue;
            }

            var end = start;
            MessageSegment? only = null;
            var texts = 0;
            for (; end < segments.Count && segments[end].IsText; end++)
            {
                if (segments[end].Text.Length > 0)
                {
                    only = segments[end];
                    texts++;
                }
            }

            if (texts == 1)
            {
                merged.Add(only!);
            }
            else if (texts > 1)
            {
                var text = new StringBuilder();
                for (var i = start; i < end; i++)
                {
                    text.Append(segments[i].Text);
                }

                merged.Add(MessageSegment.CreateText(text.ToString()));
            }

            start = end;
        }

        return merged;
    }

    /// <summary>
    /// The message id, or 0 when there is none to go by: missing, unreadable, or the -1 that debug tools put on every
    /// message. Other negative ids are real (go-cqhttp's are int32 hashes, Lagrange's pack two 16-bit numbers).
    /// </summary>
    private static long ReadMessageId(JsonElement root) =>
        JsonValues.ReadInt64(root, "message_id") is { } id and not PlaceholderMessageId ? id : 0;

    private const long PlaceholderMessageId = -1;

    private static MessageSender ParseSender(JsonElement root, long userId)
    {
        if (!root.TryGetProperty("sender", out var sender) || sender.ValueKind != JsonValueKind.Object)
        {
            return new MessageSender(userId, string.Empty, string.Empty, string.Empty);
        }

        return new MessageSender(
            JsonValues.ReadInt64(sender, "user_id") ?? userId,
            JsonValues.ReadString(sender, "nickname") ?? string.Empty,
            JsonValues.ReadString(sender, "card") ?? string.Empty,
            JsonValues.ReadString(sender, "role") ?? string.Empty);
    }

    internal static ActionResponse ParseResponse(JsonElement root)
    {
        var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
        var wording = JsonValues.ReadString(root, "wording");
        if (string.IsNullOrEmpty(wording))
        {
            wording = JsonValues.ReadString(root, "message");
        }

        if (string.IsNullOrEmpty(wording))
        {
            wording = JsonValues.ReadString(root, "msg");
        }

        return new ActionResponse(
            JsonValues.ReadString(root, "status"),
            JsonValues.ReadInt64(root, "retcode") ?? -1,
            data,
            wording,
            JsonValues.ReadString(root, "echo"),
            JsonValues.ReadString(root, "stream"));
    }
}
