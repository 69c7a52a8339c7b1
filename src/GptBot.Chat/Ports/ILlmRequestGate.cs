namespace GptBot.Chat.Ports;

/// <summary>
/// The gate every LLM request passes (GPT_REQUEST_MINIMAL_INTERVAL). Backends that make calls of their own, such as
/// the web session's refresh, take a turn here too, so they never crowd the provider right after an answer.
/// </summary>
public interface ILlmRequestGate
{
    /// <summary>Reserves the next start slot and completes when it comes.</summary>
    Task WaitTurnAsync(CancellationToken cancellationToken);
}
