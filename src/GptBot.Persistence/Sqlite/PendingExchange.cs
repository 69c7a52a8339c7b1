using GptBot.Chat.Model;

namespace GptBot.Persistence.Sqlite;

/// <summary>
/// One answered exchange waiting for the group commit, and the caller waiting for it: completed once the batch that
/// holds it has committed, failed with the batch's failure, or cancelled if its caller gave up before it was written.
/// </summary>
internal sealed class PendingExchange(ConversationKey key, ConversationTurn user, ConversationTurn assistant, string? backendState, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConversationKey Key { get; } = key;

    public ConversationTurn User { get; } = user;

    public ConversationTurn Assistant { get; } = assistant;

    public string? BackendState { get; } = backendState;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>What the exchange weighs in a batch: its text as UTF-16, enough to keep one batch's memory bounded.</summary>
    public long Bytes => 2L * (User.Text.Length + Assistant.Text.Length + (User.AuthorName?.Length ?? 0) + (BackendState?.Length ?? 0));

    /// <summary>Completes when the exchange is on disk.</summary>
    public Task Stored => _stored.Task;

    public void Committed() => _stored.TrySetResult();

    public void Failed(Exception failure) => _stored.TrySetException(failure);

    public void Cancelled() => _stored.TrySetCanceled(CancellationToken);
}
