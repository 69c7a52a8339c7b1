namespace GptBot.Chat.Replies;

/// <summary>How answers are sent and the limits that protect the account. The host maps the flat GPT_* names onto these.</summary>
public sealed class ReplyOptions
{
    /// <summary>GPT_REPLY_MODE. Default <see cref="ReplyMode.Stream"/>, the seed's behaviour.</summary>
    public ReplyMode Mode { get; set; } = ReplyMode.Stream;

    /// <summary>GPT_MESSAGE_MAX_LENGTH: no text message or forward node is longer (UTF-16 chars). Default 1500.</summary>
    public int MaxMessageLength { get; set; } = 1500;

    /// <summary>GPT_MESSAGES_PER_SECOND: messages per chat per second, all answers together. Default 1.</summary>
    public double MessagesPerSecond { get; set; } = 1;

    /// <summary>GPT_STREAM_COALESCE_MS: in stream mode, lines that arrive within this window are sent together. Default 500 ms.</summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>GPT_FORWARD_TEXT_LENGTH: in forward mode, answers at least this long go as a merged-forward message. Default 300.</summary>
    public int ForwardTextLength { get; set; } = 300;

    /// <summary>GPT_IMAGE_TEXT_LENGTH: in image mode, answers at least this long go as an image (the seed's name and default, 150).</summary>
    public int ImageTextLength { get; set; } = 150;

    /// <summary>GPT_REPLY_QUOTE: in groups, the first message of an answer quotes the asker. Default false, as the seed.</summary>
    public bool QuoteInGroups { get; set; }

    /// <summary>GPT_MARKDOWN: <see cref="MarkdownMode.Keep"/> (default, as before) or <see cref="MarkdownMode.Plain"/>.</summary>
    public MarkdownMode Markdown { get; set; } = MarkdownMode.Keep;

    /// <summary>How long a chat keeps starting long answers in the form that last worked there after a failure. 6 h.</summary>
    public TimeSpan FormMemory { get; set; } = TimeSpan.FromHours(6);
}
