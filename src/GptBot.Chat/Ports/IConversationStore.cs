using GptBot.Chat.Model;

namespace GptBot.Chat.Ports;

/// <summary>
/// Where conversations live. The in-memory store is the default; the SQLite store makes them survive restarts.
/// A shared store for several instances can be added behind this interface without touching the domain.
/// </summary>
public interface IConversationStore
{
    ValueTask<ConversationSnapshot> LoadAsync(ConversationKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Appends one exchange (the user turn and the answer) and the backend's thread id; completes only when it is
    /// durable, so an answered turn survives a crash.
    /// </summary>
    ValueTask AppendExchangeAsync(ConversationKey key, ConversationTurn user, ConversationTurn assistant, string? backendState, CancellationToken cancellationToken);

    /// <summary>Forgets the conversation entirely (reset_context, idle expiry).</summary>
    ValueTask ResetAsync(ConversationKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets every context of a chat: the group's shared one and each member's own (<c>scope member</c>); for a
    /// private chat, the same as <see cref="ResetAsync"/>. A store that keeps no member contexts needs nothing more.
    /// </summary>
    ValueTask ResetChatAsync(ConversationKey chat, CancellationToken cancellationToken) => ResetAsync(chat.Chat, cancellationToken);
}
