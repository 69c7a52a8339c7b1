namespace GptBot.LoadTest.Runner;

/// <summary>Command-line knobs of the runner.</summary>
public sealed record BenchOptions
{
    /// <summary>Reverse-WebSocket connections (bot accounts), S. Groups are spread over them.</summary>
    public int Connections { get; init; } = 4;

    /// <summary>Multiplies every message count (0.2 for a quick smoke run).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>How long each fresh server is warmed up before the measured phase (at least one warm-up phase runs).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The GptBot.dll to measure (e.g. another worktree's build, for a before/after in one run); this repository's if null.</summary>
    public string? GptBotDll { get; init; }

    /// <summary>GPT_STORE values each GptBot scenario runs with, in order: the default SQLite store and the memory store.</summary>
    public IReadOnlyList<string> Stores { get; init; } = ["sqlite", "memory"];

    /// <summary>Whether the fake LLM reports usage (as OpenAI-compatible APIs do when asked); off: GptBot counts it with its tokenizer.</summary>
    public bool LlmReportsUsage { get; init; } = true;

    public static (string Mode, BenchOptions Options, string[] Arguments) Parse(string[] args)
    {
        var options = new BenchOptions();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connections" when i + 1 < args.Length:
                    options = options with { Connections = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--warmup" when i + 1 < args.Length:
                    options = options with { Warmup = TimeSpan.FromSeconds(double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture)) };
                    break;
                case "--scale" when i + 1 < args.Length:
                    options = options with { Scale = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--gptbot" when i + 1 < args.Length:
                    options = options with { GptBotDll = Path.GetFullPath(args[++i]) };
                    break;
                case "--no-usage":
                    options = options with { LlmReportsUsage = false };
                    break;
                case "--stores" when i + 1 < args.Length:
                    options = options with { Stores = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return rest.Count == 0 ? ("all", options, []) : (rest[0], options, rest.Skip(1).ToArray());
    }
}
