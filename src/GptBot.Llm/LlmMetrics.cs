using System.Diagnostics.Metrics;
using System.Reflection;
using GptBot.Llm.Resilience;

namespace GptBot.Llm;

/// <summary>The LLM layer's instruments on the <c>GptBot</c> meter: HTTP retries and the circuit breaker's state.</summary>
public sealed class LlmMetrics
{
    /// <summary>The one meter every GptBot assembly records on.</summary>
    public const string MeterName = "GptBot";

    private readonly Counter<long> _retries;

    public LlmMetrics(IMeterFactory meterFactory, LlmCircuitMonitor circuit)
    {
        Circuit = circuit;
        var informational = typeof(LlmMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var meter = meterFactory.Create(new MeterOptions(MeterName) { Version = informational.Split('+')[0] });
        _retries = meter.CreateCounter<long>("gptbot.llm.retries", "{retry}", "LLM requests sent again after a transient failure (429, 5xx, no answer)");
        meter.CreateObservableGauge("gptbot.llm.circuit_state", () => (int)circuit.State, unit: null, "LLM circuit breaker: 0 closed, 1 open, 2 half-open");
    }

    /// <summary>The breaker the <c>gptbot.llm.circuit_state</c> gauge reads.</summary>
    public LlmCircuitMonitor Circuit { get; }

    public void Retry() => _retries.Add(1);
}
