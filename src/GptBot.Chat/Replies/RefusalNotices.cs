using GptBot.Chat.Model;

namespace GptBot.Chat.Replies;

/// <summary>The refusals a member is told of in words, each kind counted on its own.</summary>
public enum RefusalKind
{
    /// <summary>A /gpt_control from someone not in GPT_SUDOERS.</summary>
    NoPermission,

    /// <summary>The chat's queue holds GPT_QUEUE_LIMIT requests already.</summary>
    QueueFull,

    /// <summary>Over GPT_USER_RATE_LIMIT.</summary>
    RateLimited,

    /// <summary>Longer than GPT_MAX_PROMPT_LENGTH.</summary>
    TooLong,

    /// <summary>The global request interval's backlog is longer than GPT_INTERVAL_MAX_WAIT.</summary>
    IntervalBacklog,

    /// <summary>The member or the chat spent today's tokens (GPT_DAILY_TOKENS_PER_USER, GPT_DAILY_TOKENS_PER_CHAT).</summary>
    BudgetSpent,
}

/// <summary>
/// Decides whether a refusal is told or passed over in silence: a member hears each kind of refusal at most once a
/// minute in a chat. Someone who floods the bot with refused messages would otherwise get one notice per message, and
/// that burst of the bot's own messages is what QQ's risk control punishes. Entries older than the minute are swept,
/// so refused members cost nothing once they stop.
/// </summary>
public sealed class RefusalNotices(TimeProvider timeProvider)
{
    /// <summary>How long a member who was told of a refusal is not told of the same kind again.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Dictionary<(ConversationKey Chat, long UserId, RefusalKind Kind), long> _lastTold = [];
    private readonly Lock _lock = new();
    private long _lastSweep;

    /// <summary>Members with a refusal told within the last minute.</summary>
    public int Tracked
    {
        get
        {
            lock (_lock)
            {
                return _lastTold.Count;
            }
        }
    }

    /// <summary>True when the member is to be told of this refusal now (and is then not told of its kind for a minute).</summary>
    public bool ShouldTell(ConversationKey chat, long userId, RefusalKind kind)
    {
        var now = timeProvider.GetTimestamp();
        lock (_lock)
        {
            SweepIfDue(now);
            var key = (chat, userId, kind);
            if (_lastTold.TryGetValue(key, out var told) && timeProvider.GetElapsedTime(told, now) < Window)
            {
                return false;
            }

            _lastTold[key] = now;
            return true;
        }
    }

    private void SweepIfDue(long now)
    {
        if (timeProvider.GetElapsedTime(_lastSweep, now) < Window)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, told) in _lastTold)
        {
            if (timeProvider.GetElapsedTime(told, now) >= Window)
            {
                _lastTold.Remove(key);
            }
        }
    }
}
