using System.Diagnostics;
using System.Globalization;

namespace GptBot.Testing;

/// <summary>
/// GptBot as an operator runs it: <c>dotnet GptBot.dll</c> from the build output, in its own process, configured only
/// by environment variables. A test can kill it the hard way and start it again on the same data; the bench measures
/// it alone; a start that must fail is run to its exit.
/// </summary>
public static class GptBotProcess
{
#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    /// <summary>
    /// Starts GptBot on a free port with <paramref name="settings"/> (a null value removes a setting) and returns once it
    /// accepts connections on loopback. It listens on 127.0.0.1 unless the settings name another HOST.
    /// </summary>
    /// <param name="dataDirectory">GPT_DATA_DIR and the working directory; a fresh temporary one, deleted afterwards, if null.</param>
    /// <param name="logPath">A file that receives every line the service prints.</param>
    /// <param name="hostAssembly">The GptBot.dll to run; <see cref="HostAssembly"/> if null.</param>
    public static Task<ServerProcess> StartAsync(
        IReadOnlyDictionary<string, string?> settings, string? dataDirectory = null, string? logPath = null, string? hostAssembly = null)
    {
        var owned = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("gptbot-process-").FullName;
        var port = FreePort.Pick();
        var start = StartInfo(dataDirectory, settings, hostAssembly);
        start.Environment["HOST"] = settings.TryGetValue("HOST", out var host) && host is not null ? host : "127.0.0.1";
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        return ServerProcess.StartAsync(start, port, logPath: logPath, ownedDirectory: owned ? dataDirectory : null);
    }

    /// <summary>
    /// Runs GptBot with <paramref name="settings"/> and <paramref name="args"/> until it exits by itself; returns its exit
    /// code and everything it printed (standard error first).
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(
        IReadOnlyDictionary<string, string?> settings, string dataDirectory, TimeSpan within, params string[] args)
    {
        var start = StartInfo(dataDirectory, settings, hostAssembly: null);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"GptBot was still running after {within.TotalSeconds:0} s; stdout: {await stdout}");
        }

        return (process.ExitCode, await stderr + await stdout);
    }

    /// <summary>
    /// Runs GptBot until it exits, in a fresh directory of its own, from <see cref="TestSettings"/> (an LLM nobody listens
    /// on, any free port) with <paramref name="overrides"/> on top: what a start with such settings prints and returns.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunStartToExitAsync(IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = TestSettings.For("http://127.0.0.1:9/v1");
        settings["PORT"] = "0";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var directory = Directory.CreateTempSubdirectory("gptbot-start-");
        try
        {
            return await RunToExitAsync(settings, directory.FullName, TimeSpan.FromSeconds(20));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Starts a published, self-contained GptBot executable as an operator runs it from its unpacked archive: in
    /// <paramref name="workingDirectory"/>, configured only by the .env there (none of the developer's settings leak in);
    /// returns once <paramref name="port"/>, the PORT that .env sets, accepts connections.
    /// </summary>
    public static Task<ServerProcess> StartPublishedAsync(string executable, string workingDirectory, int port)
    {
        var start = new ProcessStartInfo(executable) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        RemoveOurSettings(start);
        return ServerProcess.StartAsync(start, port);
    }

    /// <summary>
    /// The GptBot.dll to run: the copy beside this program when it references the host (the tests do), else
    /// src/GptBot.Host's build output in <paramref name="configuration"/> (this kit's own configuration by default).
    /// </summary>
    public static string HostAssembly(string configuration = BuildConfiguration)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "GptBot.dll");
        return File.Exists(beside) ? beside : Path.Combine(RepositoryRoot(), "src", "GptBot.Host", "bin", configuration, "net10.0", "GptBot.dll");
    }

    /// <summary>The nearest directory above this program that holds GptBot.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GptBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GptBot.sln not found above " + AppContext.BaseDirectory);
    }

    private static ProcessStartInfo StartInfo(string dataDirectory, IReadOnlyDictionary<string, string?> settings, string? hostAssembly)
    {
        hostAssembly ??= HostAssembly();
        if (!File.Exists(hostAssembly))
        {
            throw new FileNotFoundException($"build the service first (dotnet build GptBot.sln -c Release); not found: {hostAssembly}", hostAssembly);
        }

        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo("dotnet", [hostAssembly]) { WorkingDirectory = dataDirectory, UseShellExecute = false };
        RemoveOurSettings(start);
        start.Environment["GPT_DATA_DIR"] = dataDirectory;
        foreach (var (name, value) in settings)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }

    /// <summary>The developer's own .env-style variables must not change the run.</summary>
    private static void RemoveOurSettings(ProcessStartInfo start)
    {
        foreach (var name in start.Environment.Keys.Where(IsOurSetting).ToArray())
        {
            start.Environment.Remove(name);
        }
    }

    private static bool IsOurSetting(string name) =>
        name.StartsWith("GPT_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ONEBOT_", StringComparison.OrdinalIgnoreCase)
        || name is "HOST" or "PORT" or "NICKNAME" or "COMMAND_START" or "LOG_LEVEL" or "ENVIRONMENT";
}
