using GptBot.Chat.Model;

namespace GptBot.Chat.Ports;

/// <summary>
/// The conversations a store holds, for the operator's console: which chats exist, when each was last active and how
/// many turns it keeps. Not on any message's path.
/// </summary>
public interface IConversationCatalog
{
    /// <summary>
    /// Conversations whose key contains <paramref name="search"/> (empty: all), most recently active first, at most
    /// <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<ConversationSummary>> ListAsync(string? search, int limit, CancellationToken cancellationToken);
}

/// <summary>One conversation as the console lists it.</summary>
public sealed record ConversationSummary(ConversationKey Key, DateTimeOffset LastActivity, int Turns);
