namespace GptBot.OneBot.Actions;

public enum ActionFailureKind
{
    /// <summary>No answer within the action timeout.</summary>
    Timeout,

    /// <summary>The socket closed before the answer came.</summary>
    ConnectionLost,

    /// <summary>The bot had no connection that carries actions, and none came back within the timeout.</summary>
    NotConnected,
}

/// <summary>An action call that got no answer at all. A call answered with status "failed" is not an exception.</summary>
public sealed class OneBotActionException(ActionFailureKind kind, string action, long selfId, string message)
    : Exception(message)
{
    public ActionFailureKind Kind { get; } = kind;

    public string Action { get; } = action;

    public long SelfId { get; } = selfId;
}
