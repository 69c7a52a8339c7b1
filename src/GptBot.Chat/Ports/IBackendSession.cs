namespace GptBot.Chat.Ports;

/// <summary>
/// What <c>/gpt_control refresh_session</c> refreshes. The web-session backend renews its access token; the
/// OpenAI-compatible backend has nothing to renew and succeeds at once.
/// </summary>
public interface IBackendSession
{
    /// <summary>Refreshes the backend's credentials; false when that failed (the reason is logged by the backend).</summary>
    Task<bool> RefreshAsync(CancellationToken cancellationToken);
}

/// <summary>The session of a stateless backend: nothing to refresh.</summary>
public sealed class StatelessBackendSession : IBackendSession
{
    public Task<bool> RefreshAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
