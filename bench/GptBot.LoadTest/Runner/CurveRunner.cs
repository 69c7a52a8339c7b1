using System.Diagnostics;
using System.Globalization;
using System.Text;
using GptBot.LoadTest.Llm;
using GptBot.LoadTest.Qq;
using GptBot.Testing;

namespace GptBot.LoadTest.Runner;

/// <summary>
/// How GptBot's cost grows, with the default SQLite store: answers/s and CPU per answer as the number of groups grows
/// (instant LLM, closed loop, at most 1,000 unanswered), then start time, idle RSS and the first answer in a cold chat
/// with 10,000 to 1,000,000 conversations stored on disk and none of them in memory.
/// </summary>
public sealed class CurveRunner(BenchOptions options, TextWriter progress)
{
    private static readonly int[] GroupCounts = [10, 100, 1_000, 10_000];
    private static readonly int[] StoredCounts = [10_000, 100_000, 1_000_000];

    /// <summary>Cold chats asked one at a time after each start (each a conversation stored on disk, never loaded).</summary>
    private const int ColdChats = 20;

    public async Task<string> RunAsync()
    {
        await using var llm = await TokenEcho.StartAsync(options.LlmReportsUsage);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"GptBot with GPT_STORE=sqlite, {options.Connections} connections, instant LLM, warm-up {options.Warmup.TotalSeconds:0} s per process.");
        text.AppendLine();
        text.AppendLine("| groups | answers/s | CPU ms/answer | p99 ms | peak RSS MB | lost |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var groups in GroupCounts)
        {
            text.AppendLine(await MeasureGroupsAsync(llm, groups));
        }

        text.AppendLine();
        text.AppendLine("| stored conversations | file MB | seed s | start ms | idle RSS MB | first cold answer ms | cold answers p50 / max ms | RSS after MB |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var stored in StoredCounts)
        {
            text.AppendLine(await MeasureStoredAsync(llm, (int)Math.Max(1000, stored * Math.Min(1, options.Scale))));
        }

        return text.ToString();
    }

    private async Task<string> MeasureGroupsAsync(FakeLlmServer llm, int groups)
    {
        progress.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] curve: {groups} groups...");
        await using var target = await Targets.StartAsync(TargetKind.GptBot, llm.BaseUrl, "sqlite", options.GptBotDll);
        await using var memory = PeakMemory.Watch(target.Id);
        var connections = await FakeQqConnection.ConnectBotsAsync(target.WebSocketUri, options.Connections, Targets.Token);
        try
        {
            llm.Latency = TimeSpan.Zero;
            var driver = new LoadDriver(connections, groups);
            var window = Math.Min(1_000, groups * 10);
            var warming = Stopwatch.StartNew();
            do
            {
                await driver.RunAsync(Scaled(2_000), window, null, TimeSpan.FromSeconds(60));
            }
            while (warming.Elapsed < options.Warmup);

            var before = target.Stats();
            var phase = await driver.RunAsync(Scaled(10_000), window, null, TimeSpan.FromSeconds(90));
            var after = target.Stats();
            var cpu = (after.CpuMs - before.CpuMs) / Math.Max(1, phase.Answered);
            progress.WriteLine($"    {phase.AnswersPerSecond:0}/s, {cpu:0.000} CPU ms/answer");
            return string.Create(CultureInfo.InvariantCulture, $"| {groups:N0} | {phase.AnswersPerSecond:0} | {cpu:0.000} | {phase.Percentile(99):0.0} | {memory.PeakRssKb / 1024.0:0} | {phase.Lost} |");
        }
        finally
        {
            await FakeQqConnection.DisconnectAllAsync(connections);
        }
    }

    private async Task<string> MeasureStoredAsync(FakeLlmServer llm, int stored)
    {
        var directory = Directory.CreateTempSubdirectory("gptbot-curve-");
        try
        {
            // GptBot creates the file with its current schema; then the conversations go straight in.
            await (await Targets.StartAsync(TargetKind.GptBot, llm.BaseUrl, "sqlite", options.GptBotDll, directory.FullName)).DisposeAsync();
            var database = Path.Combine(directory.FullName, "gptbot.db");
            progress.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] curve: seeding {stored:N0} conversations...");
            var seeding = Stopwatch.StartNew();
            StoredConversations.Seed(database, stored, options.Connections);
            var seedSeconds = seeding.Elapsed.TotalSeconds;
            var fileMb = new FileInfo(database).Length / 1024.0 / 1024.0;

            await using var target = await Targets.StartAsync(TargetKind.GptBot, llm.BaseUrl, "sqlite", options.GptBotDll, directory.FullName);
            var startMs = target.StartupTime.TotalMilliseconds;

            // Idle: whatever the service does at start with a large file (sweeps, warm-up) shows here.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var idleRss = target.Stats().RssKb;
            var connections = await FakeQqConnection.ConnectBotsAsync(target.WebSocketUri, options.Connections, Targets.Token);
            try
            {
                llm.Latency = TimeSpan.Zero;
                var driver = new LoadDriver(connections, stored);
                var latencies = new List<double>();
                for (var i = 0; i < ColdChats; i++)
                {
                    // Request ids 1, 2, 3... go to groups 1, 2, 3...: each a stored conversation not yet read.
                    var phase = await driver.RunAsync(1, 1, null, TimeSpan.FromSeconds(30));
                    latencies.Add(phase.Answered == 1 ? phase.SortedLatenciesMs[0] : double.NaN);
                }

                var sorted = latencies.Order().ToArray();
                progress.WriteLine($"    start {startMs:0} ms, idle {idleRss / 1024} MB, first cold answer {latencies[0]:0.0} ms");
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {stored:N0} | {fileMb:0} | {seedSeconds:0.0} | {startMs:0} | {idleRss / 1024.0:0} | {latencies[0]:0.0} | {sorted[sorted.Length / 2]:0.0} / {sorted[^1]:0.0} | {target.Stats().RssKb / 1024.0:0} |");
            }
            finally
            {
                await FakeQqConnection.DisconnectAllAsync(connections);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private int Scaled(int count) => Math.Max(100, (int)(count * options.Scale));
}
