using System.Globalization;
using GptBot.Chat.Ports;
using GptBot.Llm.Resilience;
using GptBot.OneBot.Transport;
using GptBot.Persistence.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GptBot.Host.Observability;

/// <summary><c>store</c>: the conversation store still takes writes, so the next answer will be remembered.</summary>
internal sealed class StoreHealthCheck(IConversationStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store is not SqliteConversationStore sqlite)
        {
            return HealthCheckResult.Healthy("conversations are kept in memory (GPT_STORE=memory)");
        }

        try
        {
            await sqlite.ProbeWritableAsync(cancellationToken);
            return HealthCheckResult.Healthy("the conversation file takes writes");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the conversation file cannot be written: " + ex.Message);
        }
    }
}

/// <summary>
/// <c>llm</c>: the LLM backend's circuit breaker is closed. Open (the provider failed for several chats), every chat
/// is answered at once with the "unavailable" text; once the break is over the next request probes, which is Degraded.
/// </summary>
internal sealed class LlmHealthCheck(LlmCircuitMonitor circuit) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(circuit.State switch
        {
            LlmCircuitState.Open => HealthCheckResult.Unhealthy("the LLM circuit is open: the provider failed for several chats, which are told it is unavailable (GPT_CIRCUIT_BREAK_SECONDS)"),
            LlmCircuitState.HalfOpen => HealthCheckResult.Degraded("the LLM circuit's break is over: the next request tries the provider"),
            _ => HealthCheckResult.Healthy("the LLM circuit is closed"),
        });
}

/// <summary><c>bots</c>: at least one QQ account is connected, or nobody can ask anything.</summary>
internal sealed class BotsHealthCheck(ConnectionRegistry registry) : IHealthCheck
{
    /// <summary>The data entry that lists the connected bots' QQ numbers (shown with the admin token only).</summary>
    public const string SelfIds = "self_ids";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connected = registry.ConnectedSelfIds;
        if (connected.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no bot is connected: check the QQ implementation's reverse WebSocket address and token"));
        }

        var data = new Dictionary<string, object> { [SelfIds] = connected.Order().ToArray() };
        var description = string.Create(CultureInfo.InvariantCulture, $"{connected.Count} bot(s) connected");
        return Task.FromResult(HealthCheckResult.Healthy(description, data));
    }
}
