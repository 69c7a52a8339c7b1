using System.Diagnostics.Metrics;

namespace GptBot.Admin.Metrics;

/// <summary>
/// Reads the service's own instruments (the <c>GptBot</c> meter) in the process, by name, for the dashboard: answers
/// and LLM time per minute over the last hour, errors by kind and answers by outcome since the start, and the circuit
/// breaker's state. It does not depend on any exporter; an instrument that does not exist yet simply reads as zero.
/// </summary>
public sealed class ConsoleMetrics : IDisposable
{
    public const string MeterName = "GptBot";
    public const string Answers = "gptbot.answers";
    public const string LlmDuration = "gptbot.llm.duration";
    public const string LlmErrors = "gptbot.llm.errors";
    public const string CircuitState = "gptbot.llm.circuit_state";
    public const string Tokens = "gptbot.llm.tokens";

    private static readonly HashSet<string> Read = [Answers, LlmDuration, LlmErrors, CircuitState, Tokens];

    private readonly MeterListener _listener = new();
    private readonly TimeProvider _timeProvider;
    private readonly MinuteSeries _series = new();
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _inputTokens;
    private long _outputTokens;
    private int? _circuitState;

    /// <param name="meterFactory">
    /// Only meters made by this factory count: several hosts in one process (tests) each see their own.
    /// </param>
    public ConsoleMetrics(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory) && Read.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>What the dashboard shows, as of now; the circuit state is read at this moment.</summary>
    public MetricsSnapshot Snapshot()
    {
        _circuitState = null;
        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            return new MetricsSnapshot(
                _series.Last(_timeProvider.GetUtcNow()),
                _errors.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).ToArray(),
                _outcomes.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).ToArray(),
                _circuitState,
                _inputTokens,
                _outputTokens);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double number, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state = null)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            switch (instrument.Name)
            {
                case Answers:
                    var outcome = Tag(tags, "outcome") ?? "unknown";
                    _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + (long)number;
                    if (outcome == "answered")
                    {
                        _series.AddAnswers(now, (long)number, failed: false);
                    }
                    else if (outcome is "failed" or "timeout" or "aborted")
                    {
                        _series.AddAnswers(now, (long)number, failed: true);
                    }

                    break;
                case LlmDuration:
                    _series.AddLlmDuration(now, number);
                    break;
                case LlmErrors:
                    var kind = Tag(tags, "kind") ?? "unknown";
                    _errors[kind] = _errors.GetValueOrDefault(kind) + (long)number;
                    break;
                case CircuitState:
                    _circuitState = (int)number;
                    break;
                case Tokens when Tag(tags, "direction") == "input":
                    _inputTokens += (long)number;
                    break;
                case Tokens:
                    _outputTokens += (long)number;
                    break;
            }
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}

/// <summary>The dashboard's numbers at one moment.</summary>
/// <param name="CircuitState">0 closed, 1 open, 2 half-open; null when the service reports none (no API backend).</param>
public sealed record MetricsSnapshot(
    IReadOnlyList<MinutePoint> LastHour,
    IReadOnlyList<KeyValuePair<string, long>> ErrorsByKind,
    IReadOnlyList<KeyValuePair<string, long>> AnswersByOutcome,
    int? CircuitState,
    long InputTokens,
    long OutputTokens);
