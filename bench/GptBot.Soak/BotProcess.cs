using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace GptBot.Soak;

/// <summary>The GptBot service as its own OS process: started with environment settings, measured, and stopped with SIGTERM.</summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private BotProcess(Process process, int port, StreamWriter log, string logPath)
    {
        _process = process;
        Port = port;
        _log = log;
        LogPath = logPath;
    }

    public int Port { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public static async Task<BotProcess> StartAsync(string botDll, string llmBaseUrl)
    {
        if (!File.Exists(botDll))
        {
            throw new FileNotFoundException($"build the service first (dotnet build -c Release GptBot.sln); not found: {botDll}");
        }

        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "gptbot-soak", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = data, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(botDll);
        var env = new Dictionary<string, string>
        {
            ["HOST"] = "127.0.0.1",
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["GPT_API_KEY"] = "sk-soak-0000000000000000",
            ["GPT_API_BASEURL"] = llmBaseUrl,
            ["GPT_MODEL"] = "fake-model",
            ["GPT_REQUEST_MINIMAL_INTERVAL"] = "0",
            ["GPT_TIMEOUT"] = "20",
            ["GPT_USER_RATE_LIMIT"] = "0",
            ["GPT_MAX_HISTORY_TURNS"] = "20",
            ["GPT_DATA_DIR"] = data,
            ["LOG_LEVEL"] = "WARNING",
        };
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        var logPath = Path.Combine(data, "gptbot.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bot = new BotProcess(process, port, log, logPath);
        await bot.WaitHealthyAsync();
        return bot;
    }

    /// <summary>Resident set size in MiB, from /proc.</summary>
    public double RssMiB()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"GptBot exited with code {_process.ExitCode}; see {LogPath}");
        }

        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024;
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code and how long the stop took.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return (_process.ExitCode, clock.Elapsed);
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"GptBot did not become healthy; see {LogPath}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }
}
