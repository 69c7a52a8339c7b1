using GptBot.LoadTest.Qq;

namespace GptBot.LoadTest.Runner;

/// <summary>One measured phase against one server, with that server's process figures.</summary>
public sealed record RunResult(
    string Scenario,
    TargetKind Target,
    int LlmLatencyMs,
    PhaseResult Phase,
    double CpuMsPerAnswer,
    long PeakRssKb,
    long FinalRssKb,
    double StartupMs)
{
    /// <summary>GPT_STORE of a GptBot run (sqlite or memory); null for the ceiling.</summary>
    public string? Store { get; init; }

    /// <summary>How the report names the server: the ceiling, or GptBot with its store.</summary>
    public string Server => Target == TargetKind.Ceiling ? "Ceiling" : $"GptBot ({Store})";

    /// <summary>Scenario d only: resident memory added per idle conversation, in bytes.</summary>
    public double? BytesPerConversation { get; init; }

    /// <summary>Scenario d only: the text each conversation holds, in bytes (UTF-16).</summary>
    public double? TextBytesPerConversation { get; init; }
}
