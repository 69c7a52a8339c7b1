namespace GptBot.Chat.Replies;

/// <summary>How an answer is sent (GPT_REPLY_MODE).</summary>
public enum ReplyMode
{
    /// <summary>Line by line as the model writes, lines that arrive close together joined into one message.</summary>
    Stream,

    /// <summary>The whole answer once it is complete, split only where it exceeds the message length limit.</summary>
    Whole,

    /// <summary>Long answers as one merged-forward message; shorter ones as text.</summary>
    Forward,

    /// <summary>Long answers drawn as a PNG image; shorter ones as text.</summary>
    Image,
}
