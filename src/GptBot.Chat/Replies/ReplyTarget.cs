using GptBot.Chat.Model;

namespace GptBot.Chat.Replies;

/// <summary>
/// Where one answer goes and what happened to it so far: the quote that its first delivered message carries, and
/// counts for the log.
/// </summary>
public sealed class AnswerTarget(ConversationKey key, long? quoteMessageId)
{
    public ConversationKey Key { get; } = key;

    /// <summary>The asker's message id until a message quoting it has been delivered; then null.</summary>
    public long? PendingQuote { get; private set; } = quoteMessageId;

    public int SentCount { get; private set; }

    public int FailedCount { get; private set; }

    internal void RecordDelivered(bool quoted)
    {
        SentCount++;
        if (quoted)
        {
            PendingQuote = null;
        }
    }

    internal void RecordFailed() => FailedCount++;
}
