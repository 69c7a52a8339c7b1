namespace GptBot.OneBot.Protocol;

/// <summary>Segment type names from OneBot v11 message/segment.md that this library treats specially.</summary>
public static class SegmentTypes
{
    public const string Text = "text";
    public const string At = "at";
    public const string Reply = "reply";
    public const string Image = "image";
    public const string Face = "face";
    public const string Node = "node";
    public const string Forward = "forward";
}
