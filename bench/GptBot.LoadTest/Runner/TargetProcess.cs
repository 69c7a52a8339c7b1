using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GptBot.LoadTest.Runner;

/// <summary>
/// A server under test (GptBot or the ceiling) running as its own process. Measures the time from process start to
/// its port accepting connections, and samples its resident memory every 50 ms while it runs.
/// </summary>
public sealed class TargetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _sampling = Task.CompletedTask;
    private long _sampledPeakKb;

    private TargetProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public double StartupMs { get; private set; }

    /// <summary>Highest VmRSS seen by sampling, or VmHWM if higher.</summary>
    public long PeakRssKb => Math.Max(Interlocked.Read(ref _sampledPeakKb), ProcStats.Read(Pid)?.PeakRssKb ?? 0);

    public Uri WebSocketUri => new($"ws://127.0.0.1:{Port}/onebot/v11/ws");

    public static async Task<TargetProcess> StartAsync(ProcessStartInfo startInfo, int port, TimeSpan startTimeout)
    {
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        var process = new Process { StartInfo = startInfo };
        var target = new TargetProcess(process, port);
        process.OutputDataReceived += (_, e) => target.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => target.Keep(e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || clock.Elapsed > startTimeout)
            {
                var output = string.Join('\n', target._output);
                await target.DisposeAsync();
                throw new InvalidOperationException($"{startInfo.FileName} {startInfo.Arguments} did not start listening on {port}:\n{output}");
            }

            await Task.Delay(5);
        }

        target.StartupMs = clock.Elapsed.TotalMilliseconds;
        target._sampling = target.SampleAsync();
        return target;
    }

    public ProcStats Stats() => ProcStats.Read(Pid) ?? throw new InvalidOperationException($"process {Pid} is gone:\n{string.Join('\n', _output)}");

    /// <summary>A free loopback port (the OS picks it; the gap until the target binds it is tiny).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string RecentOutput => string.Join('\n', _output);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40)
        {
            _output.TryDequeue(out _);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (ProcStats.Read(Pid) is { } stats && stats.RssKb > Interlocked.Read(ref _sampledPeakKb))
                {
                    Interlocked.Exchange(ref _sampledPeakKb, stats.RssKb);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the process.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        var workingDirectory = _process.StartInfo.WorkingDirectory;
        _process.Dispose();
        _stop.Dispose();
        if (Path.GetFileName(workingDirectory).StartsWith(Targets.TempDirectoryPrefix, StringComparison.Ordinal))
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
