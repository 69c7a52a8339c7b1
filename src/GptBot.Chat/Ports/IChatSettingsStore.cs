using GptBot.Chat.Model;
using GptBot.Chat.Settings;

namespace GptBot.Chat.Ports;

/// <summary>
/// Per-chat settings and the block list, kept beside the conversations (SQLite, or memory with GPT_STORE=memory) so they
/// survive restarts. The chat commands and the console change them through this one store.
/// </summary>
/// <remarks>
/// A chat is the group-level <see cref="ConversationKey"/> (a group, or a private user), whatever its context scope.
/// Reads are on every message's path: implementations answer them from memory without I/O.
/// </remarks>
public interface IChatSettingsStore
{
    /// <summary>The chat's overrides; <see cref="ChatSettings.None"/> when it has none.</summary>
    ChatSettings Get(ConversationKey chat);

    /// <summary>Replaces the chat's overrides; completes once durable. <see cref="ChatSettings.None"/> removes them.</summary>
    ValueTask SetAsync(ConversationKey chat, ChatSettings settings, CancellationToken cancellationToken);

    /// <summary>Every chat that has an override, for the console.</summary>
    IReadOnlyList<KeyValuePair<ConversationKey, ChatSettings>> All();

    /// <summary>Whether the user is ignored in every chat (<c>/gpt_control block</c>, GPT_BLOCKED_USERS).</summary>
    bool IsBlocked(long userId);

    /// <summary>Blocks or unblocks a user everywhere; completes once durable.</summary>
    ValueTask SetBlockedAsync(long userId, bool blocked, CancellationToken cancellationToken);

    /// <summary>Every blocked user, for the console and <c>/gpt_control status</c>.</summary>
    IReadOnlyList<long> BlockedUsers();
}
