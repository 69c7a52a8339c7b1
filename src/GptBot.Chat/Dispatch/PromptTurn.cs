namespace GptBot.Chat.Dispatch;

/// <summary>Why a prompt that reached the front of its lane was given no turn at the LLM.</summary>
public enum TurnRefusal
{
    None,

    /// <summary>It waited behind its chat's earlier requests longer than GPT_QUEUE_TIMEOUT.</summary>
    QueueTimeout,

    /// <summary>Its start slot under GPT_REQUEST_MINIMAL_INTERVAL was further off than GPT_INTERVAL_MAX_WAIT.</summary>
    IntervalBacklog,

    /// <summary>Its sender spent GPT_DAILY_TOKENS_PER_USER today.</summary>
    UserBudgetSpent,

    /// <summary>Its chat spent GPT_DAILY_TOKENS_PER_CHAT today.</summary>
    ChatBudgetSpent,
}

/// <summary>
/// A prompt's turn at the LLM, taken when it reached the front of its conversation's lane: how long it waited there,
/// and either the wait for its start slot under GPT_REQUEST_MINIMAL_INTERVAL or why it gets none and is refused.
/// </summary>
public readonly record struct PromptTurn(TimeSpan Waited, Task? StartSlot, TurnRefusal Refusal)
{
    public static PromptTurn Granted(TimeSpan waited, Task startSlot) => new(waited, startSlot, TurnRefusal.None);

    public static PromptTurn Refused(TimeSpan waited, TurnRefusal refusal) => new(waited, null, refusal);
}
