namespace GptBot.OneBot.Protocol;

/// <summary>
/// One OneBot v11 message segment: a type and string-valued data, as in the array form
/// <c>{"type":"at","data":{"qq":"10001"}}</c>. Unknown types are kept as they came, never rejected.
/// </summary>
public sealed class MessageSegment : IEquatable<MessageSegment>
{
    private static readonly KeyValuePair<string, string>[] NoData = [];

    public MessageSegment(string type, KeyValuePair<string, string>[]? data = null)
    {
        Type = type;
        Data = data ?? NoData;
    }

    public string Type { get; }

    /// <summary>The segment's parameters in arrival order; values are always strings (OneBot v11 message/array.md).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Data { get; }

    public bool IsText => Type == SegmentTypes.Text;

    /// <summary>The text of a <c>text</c> segment, or an empty string.</summary>
    public string Text => IsText ? Get("text") ?? string.Empty : string.Empty;

    public string? Get(string key)
    {
        foreach (var pair in Data)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }

        return null;
    }

    public static MessageSegment CreateText(string text) => new(SegmentTypes.Text, [new("text", text)]);

    public static MessageSegment At(long userId) => new(SegmentTypes.At, [new("qq", userId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public static MessageSegment Reply(long messageId) => new(SegmentTypes.Reply, [new("id", messageId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public static MessageSegment Image(string file) => new(SegmentTypes.Image, [new("file", file)]);

    public bool Equals(MessageSegment? other)
    {
        if (other is null || other.Type != Type || other.Data.Count != Data.Count)
        {
            return false;
        }

        for (var i = 0; i < Data.Count; i++)
        {
            if (Data[i].Key != other.Data[i].Key || Data[i].Value != other.Data[i].Value)
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as MessageSegment);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        foreach (var pair in Data)
        {
            hash.Add(pair.Key);
            hash.Add(pair.Value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => CqCode.Encode([this]);
}
