namespace GptBot.Chat.Ports;

/// <summary>A store that can forget, in one sweep, every conversation idle since a given time (GPT_CONTEXT_EXPIRE_MINUTES).</summary>
public interface IIdleConversationPurge
{
    /// <summary>Forgets every conversation whose last activity is at or before <paramref name="idleSince"/>; returns how many.</summary>
    ValueTask<int> ForgetIdleAsync(DateTimeOffset idleSince, CancellationToken cancellationToken);
}
