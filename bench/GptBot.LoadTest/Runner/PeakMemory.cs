using GptBot.Testing;

namespace GptBot.LoadTest.Runner;

/// <summary>
/// Samples a process's resident memory every 50 ms while it is watched. The peak is the highest sample, or the
/// kernel's own high-water mark (VmHWM) if that is higher.
/// </summary>
public sealed class PeakMemory : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _sampledPeakKb;

    private PeakMemory(int pid)
    {
        _pid = pid;
        _sampling = SampleAsync();
    }

    public long PeakRssKb => Math.Max(Interlocked.Read(ref _sampledPeakKb), ProcStats.Read(_pid)?.PeakRssKb ?? 0);

    public static PeakMemory Watch(int pid) => new(pid);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (ProcStats.Read(_pid) is { } stats && stats.RssKb > Interlocked.Read(ref _sampledPeakKb))
                {
                    Interlocked.Exchange(ref _sampledPeakKb, stats.RssKb);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Watching ended with the measurement.
        }
    }
}
