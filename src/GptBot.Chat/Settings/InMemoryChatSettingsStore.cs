using System.Collections.Concurrent;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Settings;

/// <summary>
/// Per-chat settings and the block list in memory (GPT_STORE=memory: gone on restart). The SQLite store keeps one of
/// these as its cache. A chat with no settings has no entry, so the lookup on every message is one dictionary read.
/// GPT_BLOCKED_USERS is always applied on top of the users blocked by command: only a change of the setting unblocks
/// those.
/// </summary>
public sealed class InMemoryChatSettingsStore : IChatSettingsStore
{
    private readonly ConcurrentDictionary<ConversationKey, ChatSettings> _settings = new();
    private readonly IReadOnlySet<long> _configuredBlocks;
    private readonly Lock _blockLock = new();

    // Copied on write: blocks change rarely and are read on every message.
    private volatile HashSet<long> _blocked;

    public InMemoryChatSettingsStore(IOptions<ChatServiceOptions> options)
        : this(options.Value.BlockedUsers, [], [])
    {
    }

    private InMemoryChatSettingsStore(IReadOnlySet<long> configuredBlocks, IEnumerable<KeyValuePair<ConversationKey, ChatSettings>> settings, IEnumerable<long> blocked)
    {
        _configuredBlocks = configuredBlocks;
        foreach (var (chat, chatSettings) in settings)
        {
            if (!chatSettings.IsEmpty)
            {
                _settings[chat.Chat] = chatSettings;
            }
        }

        _blocked = [.. blocked, .. configuredBlocks];
    }

    /// <summary>The memory copy of a durable store, holding what it read back at start.</summary>
    /// <param name="configuredBlocks">GPT_BLOCKED_USERS.</param>
    /// <param name="settings">Settings read back from a durable store.</param>
    /// <param name="blocked">Users blocked by command, read back from a durable store.</param>
    public static InMemoryChatSettingsStore Restore(
        IReadOnlySet<long> configuredBlocks, IEnumerable<KeyValuePair<ConversationKey, ChatSettings>> settings, IEnumerable<long> blocked) =>
        new(configuredBlocks, settings, blocked);

    public ChatSettings Get(ConversationKey chat) => _settings.TryGetValue(chat.Chat, out var settings) ? settings : ChatSettings.None;

    public ValueTask SetAsync(ConversationKey chat, ChatSettings settings, CancellationToken cancellationToken)
    {
        Apply(chat, settings);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<KeyValuePair<ConversationKey, ChatSettings>> All() => [.. _settings.OrderBy(entry => entry.Key.ToString(), StringComparer.Ordinal)];

    public bool IsBlocked(long userId)
    {
        var blocked = _blocked;
        return blocked.Count > 0 && blocked.Contains(userId);
    }

    public ValueTask SetBlockedAsync(long userId, bool blocked, CancellationToken cancellationToken)
    {
        ApplyBlocked(userId, blocked);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<long> BlockedUsers() => [.. _blocked.Order()];

    /// <summary>Whether the user is blocked by GPT_BLOCKED_USERS, which no command lifts.</summary>
    public bool IsBlockedByConfiguration(long userId) => _configuredBlocks.Contains(userId);

    /// <summary>Changes the memory copy only; a durable store calls this once its write has committed.</summary>
    public void Apply(ConversationKey chat, ChatSettings settings)
    {
        if (settings.IsEmpty)
        {
            _settings.TryRemove(chat.Chat, out _);
        }
        else
        {
            _settings[chat.Chat] = settings;
        }
    }

    /// <summary>Changes the memory copy only; a durable store calls this once its write has committed.</summary>
    public void ApplyBlocked(long userId, bool blocked)
    {
        lock (_blockLock)
        {
            var next = new HashSet<long>(_blocked);
            if (blocked)
            {
                next.Add(userId);
            }
            else if (!_configuredBlocks.Contains(userId))
            {
                next.Remove(userId);
            }

            _blocked = next;
        }
    }
}
