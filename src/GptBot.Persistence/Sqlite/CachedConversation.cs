using GptBot.Chat.Model;

namespace GptBot.Persistence.Sqlite;

/// <summary>A conversation held in memory, and when it was last used (a <see cref="TimeProvider"/> timestamp) so cold ones can be evicted.</summary>
internal sealed class CachedConversation(ConversationSnapshot snapshot, long touchedAt)
{
    private long _touchedAt = touchedAt;

    public ConversationSnapshot Snapshot { get; } = snapshot;

    public long TouchedAt => Volatile.Read(ref _touchedAt);

    public void Touch(long timestamp) => Volatile.Write(ref _touchedAt, timestamp);
}
