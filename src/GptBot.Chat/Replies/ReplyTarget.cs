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

    internal void RecordDelivered(bool quoted)
    {
        SentCount++;
        if (quoted)
        {
            PendingQuote = null;
        }
    }
}
