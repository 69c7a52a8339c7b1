using System.Diagnostics;
using System.Reflection;

namespace GptBot.LoadTest.Runner;

/// <summary>Which server a run measures.</summary>
public enum TargetKind
{
    Ceiling,
    GptBot,
}

/// <summary>How to start each server under test as its own process.</summary>
public static class Targets
{
    public const string Token = "bench-token";

    /// <summary>GptBot runs in a fresh temporary directory (no .env of the caller's); removed when it stops.</summary>
    public const string TempDirectoryPrefix = "gptbot-bench-";

    public static async Task<TargetProcess> StartAsync(TargetKind kind, string llmBaseUrl)
    {
        var port = TargetProcess.FreePort();
        var startInfo = kind == TargetKind.GptBot ? GptBot(port, llmBaseUrl) : Ceiling(port, llmBaseUrl);
        return await TargetProcess.StartAsync(startInfo, port, TimeSpan.FromSeconds(30));
    }

    /// <summary>The repository root: the nearest directory above this program that holds GptBot.sln.</summary>
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

    /// <summary>The Release build of GptBot, built first if it is missing.</summary>
    public static string GptBotDll()
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(root, "src", "GptBot.Host", "bin", "Release", "net10.0", "GptBot.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine("Building GptBot (Release)...");
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", Path.Combine(root, "src", "GptBot.Host"), "-c", "Release", "--nologo", "-v", "q"]) { UseShellExecute = false })!;
            build.WaitForExit();
            if (build.ExitCode != 0 || !File.Exists(dll))
            {
                throw new InvalidOperationException("dotnet build of src/GptBot.Host failed");
            }
        }

        return dll;
    }

    private static ProcessStartInfo GptBot(int port, string llmBaseUrl)
    {
        var startInfo = new ProcessStartInfo("dotnet", [GptBotDll()]) { WorkingDirectory = Directory.CreateTempSubdirectory(TempDirectoryPrefix).FullName };
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("GPT_", StringComparison.Ordinal) || k.StartsWith("ONEBOT_", StringComparison.Ordinal)).ToArray())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["HOST"] = "127.0.0.1";
        startInfo.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["ONEBOT_ACCESS_TOKEN"] = Token;
        startInfo.Environment["GPT_BACKEND"] = "api";
        startInfo.Environment["GPT_API_KEY"] = "sk-bench";
        startInfo.Environment["GPT_API_BASEURL"] = llmBaseUrl;
        startInfo.Environment["GPT_REQUEST_MINIMAL_INTERVAL"] = "0";
        startInfo.Environment["GPT_TIMEOUT"] = "60";
        startInfo.Environment["GPT_QUEUE_LIMIT"] = "10000";
        startInfo.Environment["GPT_STORE"] = "memory";

        // The merged chat limits would cap the engine, not measure it: per-chat pacing at the default 1 message/s
        // holds 1,000 groups to exactly 1,000 answers/s, and the per-member rate limit would refuse repeat senders.
        startInfo.Environment["GPT_MESSAGES_PER_SECOND"] = "100";
        startInfo.Environment["GPT_USER_RATE_LIMIT"] = "0";
        startInfo.Environment["GPT_DATA_DIR"] = startInfo.WorkingDirectory;
        startInfo.Environment["LOG_LEVEL"] = "WARNING";
        return startInfo;
    }

    private static ProcessStartInfo Ceiling(int port, string llmBaseUrl)
    {
        var self = Environment.ProcessPath!;
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [Assembly.GetExecutingAssembly().Location, "ceiling", portText, llmBaseUrl])
            : new ProcessStartInfo(self, ["ceiling", portText, llmBaseUrl]);
    }
}
