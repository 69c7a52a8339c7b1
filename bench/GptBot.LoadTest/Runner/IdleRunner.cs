using System.Globalization;
using System.Text;
using GptBot.LoadTest.Llm;

namespace GptBot.LoadTest.Runner;

/// <summary>
/// Resident memory of a GptBot that has started and sits idle (no connection, no message): what an operator's
/// service holds before its first question. Each store twice, each time a fresh process and a fresh data directory,
/// read 6 s after start (past the start-up's own allocations and the first background work).
/// </summary>
public sealed class IdleRunner(BenchOptions options, TextWriter progress)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    public async Task<string> RunAsync()
    {
        await using var llm = await TokenEcho.StartAsync(options.LlmReportsUsage);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Idle GptBot ({options.GptBotDll ?? Targets.GptBotDll()}), RSS {Settle.TotalSeconds:0} s after start.");
        text.AppendLine();
        text.AppendLine("| store | run | start ms | idle RSS MB |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var store in options.Stores)
        {
            for (var run = 1; run <= 2; run++)
            {
                await using var target = await Targets.StartAsync(TargetKind.GptBot, llm.BaseUrl, store, options.GptBotDll);
                await Task.Delay(Settle);
                var rssMb = target.Stats().RssKb / 1024.0;
                progress.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] idle, {store}, run {run}: {rssMb:0.0} MB");
                text.AppendLine(CultureInfo.InvariantCulture, $"| {store} | {run} | {target.StartupTime.TotalMilliseconds:0} | {rssMb:0.0} |");
            }
        }

        return text.ToString();
    }
}
