using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GptBot.Testing;

/// <summary>
/// A server under test running as its own OS process (GptBot, or the load test's ceiling). It counts as started when
/// its port accepts connections; its recent output is kept for failure messages (all of it goes to a log file when
/// asked); it is stopped with SIGTERM, as a service manager stops it, or killed outright, as a crash ends it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly Lock _waitersLock = new();
    private readonly StreamWriter? _log;
    private readonly string? _ownedDirectory;

    private ServerProcess(Process process, int port, string? logPath, string? ownedDirectory)
    {
        _process = process;
        Port = port;
        LogPath = logPath;
        _log = logPath is null ? null : new StreamWriter(logPath) { AutoFlush = true };
        _ownedDirectory = ownedDirectory;
    }

    public int Port { get; }

    public int Id => _process.Id;

    /// <summary>From the process start to its port accepting connections.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The reverse WebSocket endpoint a QQ implementation dials.</summary>
    public Uri WebSocketUri => new($"ws://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/onebot/v11/ws");

    /// <summary>The last lines the process printed (standard output and error), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Where every line the process printed is written, if a log file was asked for.</summary>
    public string? LogPath { get; }

    /// <summary>
    /// Starts <paramref name="start"/> and returns once <paramref name="port"/> accepts connections. Throws with the
    /// process's output if it exits first or is not listening within <paramref name="startTimeout"/> (30 s by default).
    /// </summary>
    /// <param name="ownedDirectory">A directory made for this process alone, deleted when it is disposed.</param>
    public static async Task<ServerProcess> StartAsync(
        ProcessStartInfo start, int port, TimeSpan? startTimeout = null, string? logPath = null, string? ownedDirectory = null)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var server = new ServerProcess(new Process { StartInfo = start }, port, logPath, ownedDirectory);
        await server.LaunchAsync(startTimeout ?? TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>
    /// The first line the process printed (among the last lines kept, or from now on) that <paramref name="match"/>
    /// accepts; a <see cref="TimeoutException"/> with the output after <paramref name="within"/> (10 s by default).
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? within = null)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
        {
            if (_output.FirstOrDefault(match) is { } seen)
            {
                return seen;
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(within ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the process printed no such line; its output:{Environment.NewLine}{Output}");
        }
    }

    /// <summary>Connects a fake QQ implementation to the server's reverse WebSocket endpoint.</summary>
    public Task<FakeOneBotPeer> ConnectAsync(long selfId = 10001, OneBotPersona? persona = null, string? token = null) =>
        FakeOneBotPeer.ConnectAsync(Port, selfId, persona ?? OneBotPersona.NapCat, token);

    /// <summary>CPU time and memory of the running process.</summary>
    public ProcStats Stats() =>
        ProcStats.Read(Id) is { } stats && !_process.HasExited
            ? stats
            : throw new InvalidOperationException($"process {Id} is gone:{Environment.NewLine}{Output}");

    /// <summary>Kills the process outright, as kill -9 would: no graceful stop, no flush.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM and waits up to <paramref name="within"/> for the exit; returns the exit code and how long the stop took.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return (_process.ExitCode, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (_log is not null)
        {
            lock (_log)
            {
                _log.Dispose();
            }
        }

        if (_ownedDirectory is not null && Directory.Exists(_ownedDirectory))
        {
            Directory.Delete(_ownedDirectory, recursive: true);
        }
    }

    private async Task LaunchAsync(TimeSpan startTimeout)
    {
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        var clock = Stopwatch.StartNew();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // A separate process gives no signal of its own when it listens (at LOG_LEVEL=WARNING it prints nothing), so
        // probe the port; a refused probe returns at once.
        while (!await AcceptsAsync(Port))
        {
            if (_process.HasExited || clock.Elapsed > startTimeout)
            {
                var what = $"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)}";
                var reason = _process.HasExited
                    ? $"exited with code {_process.ExitCode}"
                    : $"was not listening on port {Port} within {startTimeout.TotalSeconds:0} s";
                await KillAsync(); // also waits for the last lines it printed
                var output = Output;
                await DisposeAsync();
                throw new InvalidOperationException($"{what} {reason}:{Environment.NewLine}{output}");
            }

            await Task.Delay(5);
        }

        StartupTime = clock.Elapsed;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_waitersLock)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptLines)
            {
                _output.TryDequeue(out _);
            }

            foreach (var waiter in _waiters.Where(waiter => waiter.Match(line)).ToArray())
            {
                waiter.Found.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }

        if (_log is not null)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
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
}
