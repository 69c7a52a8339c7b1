using System.Globalization;
using GptBot.Testing;

namespace GptBot.Soak;

/// <summary>Command-line options: <c>--minutes 3 --groups 20 --rate 4 --reconnect-seconds 15 --bot path/to/GptBot.dll</c>.</summary>
internal sealed record SoakOptions(TimeSpan Duration, int Groups, double RequestsPerSecond, TimeSpan ReconnectEvery, string BotDll)
{
    public static SoakOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        double Number(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new SoakOptions(
            TimeSpan.FromMinutes(Number("--minutes", 3)),
            (int)Number("--groups", 20),
            Number("--rate", 4),
            TimeSpan.FromSeconds(Number("--reconnect-seconds", 15)),
            Value("--bot") ?? GptBotProcess.HostAssembly("Release"));
    }

    /// <summary>What the soaked service runs with: answers may take a while under faults, and every member may ask at once.</summary>
    public static Dictionary<string, string?> Settings(string llmBaseUrl)
    {
        var settings = TestSettings.For(llmBaseUrl);
        settings["GPT_TIMEOUT"] = "20";
        settings["GPT_USER_RATE_LIMIT"] = "0";
        settings["GPT_MAX_HISTORY_TURNS"] = "20";
        return settings;
    }
}
