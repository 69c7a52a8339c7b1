namespace GptBot.Chat.Model;

public enum TurnRole
{
    User,
    Assistant,
}

/// <summary>One stored turn. In groups, user turns carry the speaker's name so the model can tell members apart.</summary>
public sealed record ConversationTurn(TurnRole Role, string Text, string? AuthorName, DateTimeOffset At);

/// <summary>What is stored for one conversation: its turns in order, and an opaque thread id for stateful backends.</summary>
public sealed record ConversationSnapshot(IReadOnlyList<ConversationTurn> Turns, string? BackendState, DateTimeOffset? LastActivity)
{
    public static readonly ConversationSnapshot Empty = new([], null, null);
}
