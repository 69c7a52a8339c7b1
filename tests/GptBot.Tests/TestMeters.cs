using System.Diagnostics.Metrics;
using GptBot.Chat;

namespace GptBot.Tests;

/// <summary>Meters for unit tests that build the metric-recording classes by hand: each test gets its own meters.</summary>
internal sealed class TestMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public static ChatMetrics Chat() => new(new TestMeters());

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
