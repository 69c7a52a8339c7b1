using GptBot.Chat.Model;

namespace GptBot.Chat.Replies;

/// <summary>
/// The chat a reply goes to, the asker's message that its first delivered message quotes, and how many of its
/// messages arrived so far (for the log). One per answer or notice.
/// </summary>
public sealed class ReplyTarget(ConversationKey key, long? quoteMessageId)
{
    public ConversationKey Key { get; } = key;

    /// <summary>The asker's message id until a message quoting it has been delivered; then null.</summary>
    public long? PendingQuote { get; private set; } = quoteMessageId;

    public int SentCount { get; private set; }

    /// <summary>The chat's own reply mode (<c>/gpt_control</c> or the console); null for GPT_REPLY_MODE.</summary>
    public ReplyMode? Mode { get; set; }

    /// <summary>
    /// The reply to <paramref name="message"/>, answer or notice alike. It quotes the asker only with GPT_REPLY_QUOTE on,
    /// in a group, and when the implementation gave the message a real id. Zero is "no id" (the parser reads a missing id
    /// and the -1 placeholder some implementations send as zero); other negative ids are real, since go-cqhttp and
    /// Lagrange derive them from hashes, so their messages are quoted like any other.
    /// </summary>
    public static ReplyTarget For(IncomingMessage message, ReplyOptions options) =>
        new(message.Key, options.QuoteInGroups && message.Key.IsGroup && message.MessageId != 0 ? message.MessageId : null);

    internal void RecordDelivered(bool quoted)
    {
        SentCount++;
        if (quoted)
        {
            PendingQuote = null;
        }
    }
}
