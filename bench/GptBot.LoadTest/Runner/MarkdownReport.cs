using System.Globalization;
using System.Text;

namespace GptBot.LoadTest.Runner;

/// <summary>The results as Markdown: one row per run, GptBot's figures as a ratio to the ceiling's, and the performance targets.</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(IReadOnlyList<RunResult> results, BenchOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"Connections S = {options.Connections}, groups G = 1000 (d: 20,000 more), scale {options.Scale}, warm-up {options.Warmup.TotalSeconds:0} s per server. Latency = event sent -> reply received.");
        text.AppendLine();
        text.AppendLine("| scenario | LLM ms | server | answered | lost | wrong ctx | err replies | answers/s | vs ceiling | CPU vs ceiling | p50 ms | p95 ms | p99 ms | CPU ms/answer | peak RSS MB | final RSS MB | startup ms |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var run in results)
        {
            var ceiling = CeilingOf(results, run);
            var ratio = run.Target == TargetKind.GptBot && ceiling is not null && ceiling.Phase.AnswersPerSecond > 0
                ? (run.Phase.AnswersPerSecond / ceiling.Phase.AnswersPerSecond).ToString("P0", Invariant)
                : "";
            var cpu = run.Target == TargetKind.GptBot && ceiling is { CpuMsPerAnswer: > 0 }
                ? (run.CpuMsPerAnswer / ceiling.CpuMsPerAnswer).ToString("0.0", Invariant) + "x"
                : "";
            var p = run.Phase;
            text.AppendLine(Invariant, $"| {run.Scenario} | {run.LlmLatencyMs} | {run.Server} | {p.Answered}/{p.Messages} | {p.Lost} | {p.WrongContext} | {p.ErrorReplies} | {p.AnswersPerSecond:0} | {ratio} | {cpu} | {p.Percentile(50):0.0} | {p.Percentile(95):0.0} | {p.Percentile(99):0.0} | {run.CpuMsPerAnswer:0.00} | {run.PeakRssKb / 1024.0:0} | {run.FinalRssKb / 1024.0:0} | {run.StartupMs:0} |");
        }

        text.AppendLine();
        text.AppendLine("| target | measured | met |");
        text.AppendLine("|---|---|---|");
        foreach (var (target, measured, met) in Targets(results))
        {
            text.AppendLine(Invariant, $"| {target} | {measured} | {met switch { true => "yes", false => "**no**", null => "see note" }} |");
        }

        return text.ToString();
    }

    private static RunResult? CeilingOf(IReadOnlyList<RunResult> results, RunResult run) =>
        results.FirstOrDefault(r => r.Target == TargetKind.Ceiling && r.Scenario == run.Scenario && r.LlmLatencyMs == run.LlmLatencyMs);

    private static IEnumerable<(string Target, string Measured, bool? Met)> Targets(IReadOnlyList<RunResult> results)
    {
        var bot = results.Where(r => r.Target == TargetKind.GptBot).ToArray();
        foreach (var a in bot.Where(r => r.Scenario == "a"))
        {
            yield return ($">= 2,000 answers/s (a, {a.Store})", $"{a.Phase.AnswersPerSecond:0}/s", a.Phase.AnswersPerSecond >= 2000);
            if (CeilingOf(results, a) is { } ceiling && ceiling.CpuMsPerAnswer > 0)
            {
                // The steadiest figure on a shared machine: CPU per answer against the ceiling's in the same run.
                var limit = a.Store == "memory" ? 1.5 : 2.0;
                var ratio = a.CpuMsPerAnswer / ceiling.CpuMsPerAnswer;
                yield return ($"CPU per answer <= {limit:0.0}x the ceiling's (a, {a.Store})", $"{ratio:0.0}x ({a.CpuMsPerAnswer:0.000} vs {ceiling.CpuMsPerAnswer:0.000} ms)", ratio <= limit);
                var share = a.Phase.AnswersPerSecond / Math.Max(1, ceiling.Phase.AnswersPerSecond);
                yield return ($"answers/s vs the ceiling's (a, {a.Store})", share.ToString("P0", Invariant), null);
            }

            yield return ($"peak RSS <= 150 MB (a, {a.Store})", $"{a.PeakRssKb / 1024.0:0} MB", a.PeakRssKb <= 150 * 1024);
        }

        if (bot.FirstOrDefault(r => r.Scenario == "a" && r.Store == "sqlite") is { } sqlite
            && bot.FirstOrDefault(r => r.Scenario == "a" && r.Store == "memory") is { Phase.AnswersPerSecond: > 0 } memory)
        {
            var share = sqlite.Phase.AnswersPerSecond / memory.Phase.AnswersPerSecond;
            yield return ("SQLite answers/s >= 70 % of memory's (a)", share.ToString("P0", Invariant), share >= 0.7);
        }

        if (bot.Length > 0)
        {
            var lost = bot.Sum(r => r.Phase.Lost);
            var wrong = bot.Sum(r => r.Phase.WrongContext + r.Phase.ErrorReplies);
            yield return ("0 lost, 0 wrong-context (every GptBot run)", $"{lost} lost, {wrong} wrong", lost == 0 && wrong == 0);
            var startup = bot.Max(r => r.StartupMs);
            yield return ("start -> accepting <= 1 s", $"{startup:0} ms (slowest)", startup <= 1000);
        }

        foreach (var b in bot.Where(r => r.Scenario == "b"))
        {
            var p99 = b.Phase.Percentile(99);
            var ceiling = CeilingOf(results, b) is { } top ? $"; ceiling +{top.Phase.Percentile(99) - top.LlmLatencyMs:0.0}" : "";
            yield return ($"p99 <= LLM + 10 ms at 500/s (LLM {b.LlmLatencyMs} ms, {b.Store})", $"+{p99 - b.LlmLatencyMs:0.0} ms{ceiling}", p99 <= b.LlmLatencyMs + 10);
        }

        if (bot.FirstOrDefault(r => r.Scenario == "d") is { BytesPerConversation: { } perConversation } d)
        {
            // RSS moves with the GC's heap sizing, so over 20,000 conversations it can even shrink: a cross-check only.
            // The exact figure comes from `GptBot.Benchmarks idle-memory` (live heap after a full GC).
            yield return ("<= 2 KB per idle conversation beyond its text (d: RSS delta, informational)", $"{perConversation - (d.TextBytesPerConversation ?? 0):0} B", null);
        }

        foreach (var c in bot.Where(r => r.Scenario == "c"))
        {
            yield return ($">= 1,500 answers/s with a 500 ms LLM (c, {c.Store})", $"{c.Phase.AnswersPerSecond:0}/s", c.Phase.AnswersPerSecond >= 1500);
        }
    }
}
