using System.Collections.Concurrent;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Conversations;

/// <summary>Conversations in memory only (the seed's behaviour): fast, and gone on restart. Keeps at most GPT_MAX_HISTORY_TURNS turns.</summary>
public sealed class InMemoryConversationStore(IOptions<ChatServiceOptions> options) : IConversationStore, IIdleConversationPurge, IConversationCatalog
{
    private readonly int _maxTurns = options.Value.MaxHistoryTurns;
    private readonly ConcurrentDictionary<ConversationKey, ConversationSnapshot> _conversations = new();

    public int Count => _conversations.Count;

    public ValueTask<ConversationSnapshot> LoadAsync(ConversationKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_conversations.TryGetValue(key, out var snapshot) ? snapshot : ConversationSnapshot.Empty);

    public ValueTask AppendExchangeAsync(ConversationKey key, ConversationTurn user, ConversationTurn assistant, string? backendState, CancellationToken cancellationToken)
    {
        _conversations.AddOrUpdate(
            key,
            static (_, state) => new ConversationSnapshot([state.user, state.assistant], state.backendState, state.assistant.At),
            static (_, old, state) => new ConversationSnapshot(Cap([.. old.Turns, state.user, state.assistant], state.maxTurns), state.backendState, state.assistant.At),
            (user, assistant, backendState, maxTurns: _maxTurns));
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        _conversations.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetChatAsync(ConversationKey chat, CancellationToken cancellationToken)
    {
        chat = chat.Chat;
        foreach (var key in _conversations.Keys)
        {
            if (key.Chat == chat)
            {
                _conversations.TryRemove(key, out _);
            }
        }

        return ValueTask.CompletedTask;
    }

    public Task<IReadOnlyList<ConversationSummary>> ListAsync(string? search, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConversationSummary> found = _conversations
            .Where(entry => string.IsNullOrEmpty(search) || entry.Key.ToString().Contains(search, StringComparison.OrdinalIgnoreCase))
            .Select(entry => new ConversationSummary(entry.Key, entry.Value.LastActivity ?? DateTimeOffset.MinValue, entry.Value.Turns.Count))
            .OrderByDescending(summary => summary.LastActivity)
            .Take(Math.Max(0, limit))
            .ToArray();
        return Task.FromResult(found);
    }

    public ValueTask<int> ForgetIdleAsync(DateTimeOffset idleSince, CancellationToken cancellationToken)
    {
        var forgotten = 0;
        foreach (var entry in _conversations)
        {
            // Removes only the snapshot seen here, so an exchange appended meanwhile is not lost.
            if (entry.Value.LastActivity <= idleSince && _conversations.TryRemove(entry))
            {
                forgotten++;
            }
        }

        return ValueTask.FromResult(forgotten);
    }

    /// <summary>Drops the oldest turns beyond the cap, keeping whole exchanges (a user turn with its answer).</summary>
    public static IReadOnlyList<ConversationTurn> Cap(IReadOnlyList<ConversationTurn> turns, int maxTurns)
    {
        if (maxTurns <= 0 || turns.Count <= maxTurns)
        {
            return turns;
        }

        var skip = turns.Count - maxTurns;
        if (skip % 2 == 1)
        {
            skip++;
        }

        return turns.Skip(skip).ToArray();
    }
}
