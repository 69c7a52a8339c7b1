using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Infrastructure;

/// <summary>
/// GptBot as a separate process (<c>dotnet GptBot.dll</c>, the built src/GptBot.Host output), configured only by
/// environment variables, so a test can kill it the hard way and start it again on the same data directory.
/// </summary>
public sealed class GptBotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GptBotProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Everything the process printed so far, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static async Task<GptBotProcess> StartAsync(string dataDirectory, FakeLlmServer llm, IReadOnlyDictionary<string, string>? settings = null)
    {
        var workingDirectory = Path.GetFullPath(dataDirectory).TrimEnd(Path.DirectorySeparatorChar) + "-cwd";
        Directory.CreateDirectory(workingDirectory);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostAssemblyPath());
        foreach (var name in start.Environment.Keys.Where(IsOurSetting).ToArray())
        {
            start.Environment.Remove(name); // the developer's own .env-style variables must not change the test
        }

        var environment = new Dictionary<string, string>
        {
            ["HOST"] = "127.0.0.1",
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GPT_API_KEY"] = "sk-test",
            ["GPT_API_BASEURL"] = llm.BaseUrl,
            ["GPT_MODEL"] = "fake-model",
            ["GPT_REQUEST_MINIMAL_INTERVAL"] = "0",
            ["GPT_TIMEOUT"] = "10",
            ["GPT_DATA_DIR"] = dataDirectory,
            ["LOG_LEVEL"] = "INFO",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var bot = new GptBotProcess(process, port);
        process.OutputDataReceived += (_, e) => bot.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => bot.OnLine(e.Data);
        process.Exited += (_, _) => bot._listening.TrySetException(new InvalidOperationException($"GptBot exited with code {process.ExitCode} before listening:{Environment.NewLine}{bot.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await bot._listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await bot.DisposeAsync();
            throw new TimeoutException($"GptBot did not listen on port {port} within 30 s:{Environment.NewLine}{bot.Output}");
        }

        return bot;
    }

    public Task<FakeOneBotPeer> ConnectAsync(long selfId = 10001) => FakeOneBotPeer.ConnectAsync(Port, selfId, OneBotPersona.NapCat);

    /// <summary>Kills the process outright, as kill -9 would: no graceful stop, no flush.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.Contains("Now listening on", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }

    private static bool IsOurSetting(string name) =>
        name.StartsWith("GPT_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ONEBOT_", StringComparison.OrdinalIgnoreCase)
        || name is "HOST" or "PORT" or "NICKNAME" or "COMMAND_START" or "LOG_LEVEL" or "ENVIRONMENT";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>src/GptBot.Host's own build output if present (same configuration as this test), else the copy beside the tests.</summary>
    private static string HostAssemblyPath()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GptBot.sln")))
            {
                var built = Path.Combine(directory.FullName, "src", "GptBot.Host", "bin", configuration, "net10.0", "GptBot.dll");
                if (File.Exists(built))
                {
                    return built;
                }

                break;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "GptBot.dll");
    }
}
