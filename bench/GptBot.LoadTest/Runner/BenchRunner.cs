using System.Diagnostics;
using GptBot.LoadTest.Llm;
using GptBot.LoadTest.Qq;
using GptBot.Testing;

namespace GptBot.LoadTest.Runner;

/// <summary>
/// The load test's scenarios (a) to (d). Every server gets a fresh process and a warm-up phase (JIT, connection
/// pools) before the measured phase; the ceiling runs first with the same generator, fake LLM and parameters.
/// </summary>
public sealed class BenchRunner(BenchOptions options, TextWriter progress)
{
    private const int Groups = 1000;

    public async Task<IReadOnlyList<RunResult>> RunAsync(IReadOnlyCollection<char> scenarios)
    {
        await using var llm = await TokenEcho.StartAsync(options.LlmReportsUsage);
        var results = new List<RunResult>();
        foreach (var scenario in scenarios)
        {
            switch (scenario)
            {
                case 'a':
                    // (a) instant LLM, 1,000 groups, closed loop with one request outstanding per group: throughput.
                    foreach (var (target, store) in Servers)
                    {
                        results.Add(await MeasureAsync("a", target, store, llm, 0, Groups, window: Groups, Scale(20_000), rate: null));
                    }

                    break;
                case 'b':
                    // (b) fixed 500 answers/s: latency added on top of the LLM's own.
                    foreach (var latency in new[] { 0, 200, 500 })
                    {
                        foreach (var (target, store) in Servers)
                        {
                            results.Add(await MeasureAsync("b", target, store, llm, latency, Groups, window: int.MaxValue, Scale(2_500), rate: 500, warmupWindow: 50));
                        }
                    }

                    break;
                case 'c':
                    // (c) LLM 500 ms, 1,000 groups each with one request outstanding: no hidden concurrency cap.
                    foreach (var (target, store) in Servers)
                    {
                        results.Add(await MeasureAsync("c", target, store, llm, 500, Groups, window: Groups, Scale(6_000), rate: null));
                    }

                    break;
                case 'd':
                    results.Add(await MeasureIdleConversationsAsync(llm));
                    break;
                default:
                    throw new ArgumentException($"unknown scenario '{scenario}' (a, b, c, d)");
            }
        }

        return results;
    }

    /// <summary>The ceiling first, then GptBot with each store asked for.</summary>
    private IEnumerable<(TargetKind Kind, string? Store)> Servers =>
        options.Stores.Select(store => (TargetKind.GptBot, (string?)store)).Prepend((TargetKind.Ceiling, null));

    private int Scale(int count) => Math.Max(100, (int)(count * options.Scale));

    /// <param name="warmupWindow">Outstanding requests while warming up; small where peak memory must reflect the measured load.</param>
    private async Task<RunResult> MeasureAsync(string scenario, TargetKind kind, string? store, FakeLlmServer llm, int latencyMs, int groups, int window, int messages, double? rate, int warmupWindow = Groups)
    {
        progress.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] scenario {scenario}, {kind} {store}, LLM {latencyMs} ms, {messages} messages...");
        await using var target = await Targets.StartAsync(kind, llm.BaseUrl, store ?? "sqlite", options.GptBotDll);
        await using var memory = PeakMemory.Watch(target.Id);
        var connections = await FakeQqConnection.ConnectBotsAsync(target.WebSocketUri, options.Connections, Targets.Token);
        try
        {
            var driver = new LoadDriver(connections, groups);
            llm.Latency = TimeSpan.Zero;
            // Warm up for a while, not just a count: a fresh .NET process keeps re-compiling hot methods (tiered JIT
            // with PGO) for seconds, and that competes with the measured load on a two-core machine.
            var warming = Stopwatch.StartNew();
            do
            {
                await driver.RunAsync(Scale(2_000), warmupWindow, null, TimeSpan.FromSeconds(60));
            }
            while (warming.Elapsed < options.Warmup);

            llm.Latency = TimeSpan.FromMilliseconds(latencyMs);
            var before = target.Stats();
            var phase = await driver.RunAsync(messages, window, rate, TimeSpan.FromSeconds(60));
            var after = target.Stats();
            var result = new RunResult(scenario, kind, latencyMs, phase, (after.CpuMs - before.CpuMs) / Math.Max(1, phase.Answered), memory.PeakRssKb, after.RssKb, target.StartupTime.TotalMilliseconds) { Store = store };
            progress.WriteLine($"    {phase.Answered}/{phase.Messages} answered, {phase.AnswersPerSecond:0}/s, p99 {phase.Percentile(99):0.0} ms, {result.CpuMsPerAnswer:0.00} CPU ms/answer, peak {result.PeakRssKb / 1024} MB");
            return result;
        }
        finally
        {
            await FakeQqConnection.DisconnectAllAsync(connections);
        }
    }

    /// <summary>
    /// (d) GptBot only: resident memory added by 20,000 conversations that each hold one exchange and then sit idle,
    /// per conversation. An upper bound: the garbage of answering them that no GC has yet collected is counted too.
    /// </summary>
    private async Task<RunResult> MeasureIdleConversationsAsync(FakeLlmServer llm)
    {
        var added = Scale(20_000);
        var store = options.Stores[0];
        progress.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] scenario d, GptBot {store}, {added} idle conversations...");
        await using var target = await Targets.StartAsync(TargetKind.GptBot, llm.BaseUrl, store, options.GptBotDll);
        await using var memory = PeakMemory.Watch(target.Id);
        var connections = await FakeQqConnection.ConnectBotsAsync(target.WebSocketUri, options.Connections, Targets.Token);
        try
        {
            llm.Latency = TimeSpan.Zero;
            var warm = Scale(4_000);
            var driver = new LoadDriver(connections, warm + added);
            await driver.RunAsync(warm, Groups, null, TimeSpan.FromSeconds(60));
            await Task.Delay(500);
            var before = target.Stats();
            var phase = await driver.RunAsync(added, Groups, null, TimeSpan.FromSeconds(90));
            await Task.Delay(500);
            var after = target.Stats();
            var perConversation = (after.RssKb - before.RssKb) * 1024.0 / Math.Max(1, phase.Answered);

            // The stored text: "Q#<id>" from the user (plus the sender's name) and "A#<id> ok" from the model, as UTF-16.
            var digits = driver.Groups.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            var textBytes = (("Q#".Length + digits + "member".Length) + ("A#".Length + digits + " ok".Length)) * 2.0;
            return new RunResult("d", TargetKind.GptBot, 0, phase, (after.CpuMs - before.CpuMs) / Math.Max(1, phase.Answered), memory.PeakRssKb, after.RssKb, target.StartupTime.TotalMilliseconds)
            {
                Store = store,
                BytesPerConversation = perConversation,
                TextBytesPerConversation = textBytes,
            };
        }
        finally
        {
            await FakeQqConnection.DisconnectAllAsync(connections);
        }
    }
}
