using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using Microsoft.Extensions.Options;

namespace GptBot.Persistence.Sqlite;

/// <summary>
/// Per-chat settings and the block list in the conversations file (GPT_STORE=sqlite), so they survive restarts and
/// crashes as the conversations do. Every row is read into memory at start (there is one per chat that changed
/// something); reads are answered from there, and a change is committed to the file before it is applied in memory and
/// confirmed.
/// </summary>
public sealed class SqliteChatSettingsStore : IChatSettingsStore, IDisposable
{
    private readonly SqliteConversationStore _file;
    private readonly TimeProvider _timeProvider;
    private readonly InMemoryChatSettingsStore _memory;

    // One change at a time, so the file and memory agree on the last word about a chat.
    private readonly SemaphoreSlim _writes = new(1, 1);

    public SqliteChatSettingsStore(SqliteConversationStore file, IOptions<ChatServiceOptions> options, TimeProvider timeProvider)
    {
        _file = file;
        _timeProvider = timeProvider;
        var (settings, blocked) = file.UseDatabaseAsync(database => (database.LoadChatSettings(), database.LoadBlockedUsers()), CancellationToken.None)
            .AsTask().GetAwaiter().GetResult();
        _memory = InMemoryChatSettingsStore.Restore(options.Value.BlockedUsers, settings, blocked);
    }

    public ChatSettings Get(ConversationKey chat) => _memory.Get(chat);

    public ValueTask SetAsync(ConversationKey chat, ChatSettings settings, CancellationToken cancellationToken) =>
        WriteAsync((database, at) => database.SaveChatSettings(chat, settings, at), () => _memory.Apply(chat, settings), cancellationToken);

    public IReadOnlyList<KeyValuePair<ConversationKey, ChatSettings>> All() => _memory.All();

    public bool IsBlocked(long userId) => _memory.IsBlocked(userId);

    public ValueTask SetBlockedAsync(long userId, bool blocked, CancellationToken cancellationToken) =>
        WriteAsync((database, at) => database.SaveBlocked(userId, blocked, at), () => _memory.ApplyBlocked(userId, blocked), cancellationToken);

    public IReadOnlyList<long> BlockedUsers() => _memory.BlockedUsers();

    public void Dispose() => _writes.Dispose();

    /// <summary>
    /// One change at a time: the file first, then memory, so a change that did not reach the disk is not seen either and
    /// two changes land in memory in the order they reached the file.
    /// </summary>
    private async ValueTask WriteAsync(Action<SqliteConversationDatabase, DateTimeOffset> save, Action apply, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var at = _timeProvider.GetUtcNow();
            await _file.UseDatabaseAsync(database => { save(database, at); return true; }, cancellationToken);
            apply();
        }
        finally
        {
            _writes.Release();
        }
    }
}
