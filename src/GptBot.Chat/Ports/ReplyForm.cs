namespace GptBot.Chat.Ports;

/// <summary>The form a reply message takes on the wire.</summary>
public enum ReplyForm
{
    /// <summary>One plain text message (always sent as text segments, never parsed as CQ codes).</summary>
    Text,

    /// <summary>A merged-forward message whose nodes are <see cref="ReplyMessage.Parts"/>.</summary>
    Forward,

    /// <summary>A PNG image in <see cref="ReplyMessage.Image"/>.</summary>
    Image,
}
