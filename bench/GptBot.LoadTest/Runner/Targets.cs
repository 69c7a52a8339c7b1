using System.Diagnostics;
using System.Reflection;
using GptBot.Testing;

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

    /// <param name="store">GPT_STORE of a GptBot run: <c>sqlite</c> (the default an operator gets) or <c>memory</c>.</param>
    /// <param name="dll">The GptBot.dll to run (another build's, to compare two builds in one run); this repository's Release build if null.</param>
    /// <param name="dataDirectory">GPT_DATA_DIR; a fresh temporary one, removed when the process stops, if null.</param>
    /// <param name="extra">Settings over the bench's own (a null value removes one).</param>
    public static async Task<ServerProcess> StartAsync(
        TargetKind kind, string llmBaseUrl, string store = "sqlite", string? dll = null, string? dataDirectory = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        if (kind == TargetKind.GptBot)
        {
            var settings = GptBotSettings(llmBaseUrl, store);
            foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
            {
                settings[name] = value;
            }

            return await GptBotProcess.StartAsync(settings, dataDirectory, hostAssembly: dll ?? GptBotDll());
        }

        var port = FreePort.Pick();
        return await ServerProcess.StartAsync(Ceiling(port, llmBaseUrl), port);
    }

    /// <summary>The Release build of GptBot, built first if it is missing.</summary>
    public static string GptBotDll()
    {
        var dll = GptBotProcess.HostAssembly("Release");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine("Building GptBot (Release)...");
            var project = Path.Combine(GptBotProcess.RepositoryRoot(), "src", "GptBot.Host");
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "q"]) { UseShellExecute = false })!;
            build.WaitForExit();
            if (build.ExitCode != 0 || !File.Exists(dll))
            {
                throw new InvalidOperationException("dotnet build of src/GptBot.Host failed");
            }
        }

        return dll;
    }

    private static Dictionary<string, string?> GptBotSettings(string llmBaseUrl, string store) => new()
    {
        ["ONEBOT_ACCESS_TOKEN"] = Token,
        ["GPT_BACKEND"] = "api",
        ["GPT_API_KEY"] = "sk-bench",
        ["GPT_API_BASEURL"] = llmBaseUrl,
        ["GPT_REQUEST_MINIMAL_INTERVAL"] = "0",
        ["GPT_TIMEOUT"] = "60",
        ["GPT_QUEUE_LIMIT"] = "10000",
        ["GPT_STORE"] = store,

        // The merged chat limits would cap the engine, not measure it: per-chat pacing at the default 1 message/s
        // holds 1,000 groups to exactly 1,000 answers/s, and the per-member rate limit would refuse repeat senders.
        ["GPT_MESSAGES_PER_SECOND"] = "100",
        ["GPT_USER_RATE_LIMIT"] = "0",
        ["LOG_LEVEL"] = "WARNING",
    };

    private static ProcessStartInfo Ceiling(int port, string llmBaseUrl)
    {
        var self = Environment.ProcessPath!;
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [Assembly.GetExecutingAssembly().Location, "ceiling", portText, llmBaseUrl])
            : new ProcessStartInfo(self, ["ceiling", portText, llmBaseUrl]);
    }
}
