using System.Globalization;

namespace GptBot.Soak;

/// <summary>Command-line options: <c>--minutes 3 --groups 20 --rate 4 --reconnect-seconds 15 --bot path/to/GptBot.dll</c>.</summary>
internal sealed record SoakOptions(TimeSpan Duration, int Groups, double RequestsPerSecond, TimeSpan ReconnectEvery, string BotDll)
{
    public static SoakOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        double Number(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var root = FindRepoRoot();
        return new SoakOptions(
            TimeSpan.FromMinutes(Number("--minutes", 3)),
            (int)Number("--groups", 20),
            Number("--rate", 4),
            TimeSpan.FromSeconds(Number("--reconnect-seconds", 15)),
            Value("--bot") ?? Path.Combine(root, "src", "GptBot.Host", "bin", "Release", "net10.0", "GptBot.dll"));
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GptBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
