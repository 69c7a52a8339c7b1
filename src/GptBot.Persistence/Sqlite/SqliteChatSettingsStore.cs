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

    public async ValueTask SetAsync(ConversationKey chat, ChatSettings settings, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var at = _timeProvider.GetUtcNow();
            await _file.UseDatabaseAsync(database => { database.SaveChatSettings(chat, settings, at); return true; }, cancellationToken);
            _memory.Apply(chat, settings);
        }
        finally
        {
            _writes.Release();
        }
    }

    public IReadOnlyList<KeyValuePair<ConversationKey, ChatSettings>> All() => _memory.All();

    public bool IsBlocked(long userId) => _memory.IsBlocked(userId);

    public async ValueTask SetBlockedAsync(long userId, bool blocked, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var at = _timeProvider.GetUtcNow();
            await _file.UseDatabaseAsync(database => { database.SaveBlocked(userId, blocked, at); return true; }, cancellationToken);
            _memory.ApplyBlocked(userId, blocked);
        }
        finally
        {
            _writes.Release();
        }
    }

    public IReadOnlyList<long> BlockedUsers() => _memory.BlockedUsers();

    public void Dispose() => _writes.Dispose();
}
