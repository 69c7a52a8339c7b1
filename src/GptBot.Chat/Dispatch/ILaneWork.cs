namespace GptBot.Chat.Dispatch;

/// <summary>One request on its conversation's lane (<see cref="ConversationLanes"/>).</summary>
public interface ILaneWork
{
    /// <summary>
    /// Called once when the request reaches the front of its lane, synchronously and in lane order, with how long it
    /// waited behind earlier requests of its conversation. For a request that finds its lane idle this runs on the
    /// caller of <see cref="ConversationLanes.TryEnqueue"/>, so requests of different conversations reach it in arrival
    /// order. Only cheap bookkeeping belongs here (taking a start slot).
    /// </summary>
    void OnFront(TimeSpan waited);

    /// <summary>Does the work. Runs on the thread pool, never on the caller of <see cref="ConversationLanes.TryEnqueue"/>.</summary>
    Task RunAsync();
}
