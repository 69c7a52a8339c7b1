using System.Diagnostics.Metrics;
using GptBot.Admin.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Admin.Metrics;

/// <summary>The dashboard reads the service's instruments by their names, whoever records them.</summary>
[Trait("Category", "Unit")]
public sealed class ConsoleMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public void Answers_llm_time_errors_tokens_and_the_circuit_state_reach_the_snapshot()
    {
        using var metrics = new ConsoleMetrics(Factory, _time);
        var meter = Factory.Create(ConsoleMetrics.MeterName);
        var answers = meter.CreateCounter<long>(ConsoleMetrics.Answers);
        var duration = meter.CreateHistogram<double>(ConsoleMetrics.LlmDuration);
        var errors = meter.CreateCounter<long>(ConsoleMetrics.LlmErrors);
        var tokens = meter.CreateCounter<long>(ConsoleMetrics.Tokens);
        var circuit = 0;
        meter.CreateObservableGauge(ConsoleMetrics.CircuitState, () => circuit);

        answers.Add(1, new KeyValuePair<string, object?>("outcome", "answered"));
        answers.Add(1, new KeyValuePair<string, object?>("outcome", "answered"));
        answers.Add(1, new KeyValuePair<string, object?>("outcome", "timeout"));
        answers.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        duration.Record(0.5);
        duration.Record(1.5);
        errors.Add(1, new KeyValuePair<string, object?>("kind", "rate_limited"));
        tokens.Add(100, new KeyValuePair<string, object?>("direction", "input"));
        tokens.Add(20, new KeyValuePair<string, object?>("direction", "output"));
        circuit = 1;

        var snapshot = metrics.Snapshot();

        Assert.Equal(new MinutePoint(_time.GetUtcNow(), 2, 1, 1.0), snapshot.LastHour[^1]);
        Assert.Equal([new("answered", 2L), new("refused", 1L), new("timeout", 1L)], snapshot.AnswersByOutcome);
        Assert.Equal([new("rate_limited", 1L)], snapshot.ErrorsByKind);
        Assert.Equal((100, 20), (snapshot.InputTokens, snapshot.OutputTokens));
        Assert.Equal(1, snapshot.CircuitState);
    }

    [Fact]
    public void Another_hosts_meter_and_other_meters_do_not_count()
    {
        using var metrics = new ConsoleMetrics(Factory, _time);
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        otherHost.GetRequiredService<IMeterFactory>().Create(ConsoleMetrics.MeterName).CreateCounter<long>(ConsoleMetrics.Answers)
            .Add(1, new KeyValuePair<string, object?>("outcome", "answered"));
        Factory.Create("Somebody.Else").CreateCounter<long>(ConsoleMetrics.Answers).Add(1, new KeyValuePair<string, object?>("outcome", "answered"));

        var snapshot = metrics.Snapshot();

        Assert.Empty(snapshot.AnswersByOutcome);
        Assert.Null(snapshot.CircuitState);
    }

    public void Dispose() => _services.Dispose();
}
