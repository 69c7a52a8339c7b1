using System.Diagnostics;
using System.Globalization;
using GptBot.Benchmarks.Memory;
using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Persistence;
using GptBot.Persistence.Sqlite;
using Microsoft.Extensions.Options;

// Resident memory of N idle conversations held by the SQLite store's cache, and startup time of the store on a large
// file. Every figure is also given as a ratio to a baseline measured in this same run, so it can be compared across
// machines. Usage: dotnet run -c Release --project bench/GptBot.Benchmarks.Memory [-- 10000 100000]
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
var root = Path.Combine(Path.GetTempPath(), "gptbot-bench", Guid.NewGuid().ToString("N"));
var clock = new ManualClock();
var culture = CultureInfo.InvariantCulture;

try
{
    // Baseline: the store opened on an empty file, one (empty) chat loaded, everything JIT-compiled once.
    var emptyStartup = MeasureStartup(Path.Combine(root, "empty"), chats: 0, clock);
    Console.WriteLine($"{".NET",-8} {Environment.Version}, {Environment.ProcessorCount} cores, {RuntimeFacts()}");
    Console.WriteLine();
    Console.WriteLine("| idle chats | RSS before | RSS loaded | RSS ratio | + RSS / chat | + GC heap / chat | of which text | overhead / chat | GC heap / chat after eviction |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var size in sizes)
    {
        var directory = Path.Combine(root, size.ToString(culture));
        DatabaseSeeder.Seed(directory, size, clock);
        using var store = new SqliteConversationStore(Options.Create(new StoreOptions { DataDirectory = directory, CacheIdle = TimeSpan.FromMinutes(30) }), Options.Create(new ChatServiceOptions()), clock);
        var (rssBefore, heapBefore) = Snapshot();
        for (var i = 1; i <= size; i++)
        {
            var snapshot = await store.LoadAsync(ConversationKey.Group(DatabaseSeeder.SelfId, DatabaseSeeder.ChatId(i)), CancellationToken.None);
            if (snapshot.Turns.Count != 2 * DatabaseSeeder.ExchangesPerChat)
            {
                throw new InvalidOperationException($"chat {i} loaded {snapshot.Turns.Count} turns");
            }
        }

        var (rssLoaded, heapLoaded) = Snapshot();
        clock.Advance(TimeSpan.FromMinutes(31));
        var evicted = store.EvictCold();
        var (_, heapEvicted) = Snapshot();
        var rssPerChat = (rssLoaded - rssBefore) / (double)size;
        var heapPerChat = (heapLoaded - heapBefore) / (double)size;
        Console.WriteLine(string.Create(culture,
            $"| {size:N0} | {Mb(rssBefore)} | {Mb(rssLoaded)} | {rssLoaded / (double)rssBefore:F2}x | {rssPerChat:N0} B | {heapPerChat:N0} B | {DatabaseSeeder.TextBytesPerChat:N0} B | {heapPerChat - DatabaseSeeder.TextBytesPerChat:N0} B | {(heapEvicted - heapBefore) / (double)size:N1} B ({evicted:N0} evicted) |"));
    }

    Console.WriteLine();
    var largest = sizes.Max();
    var largeStartup = MeasureStartup(Path.Combine(root, "startup"), largest, clock);
    Console.WriteLine("| startup (open + migrate + first load) | time | ratio to empty file |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine(string.Create(culture, $"| empty file (baseline) | {emptyStartup.TotalMilliseconds:F1} ms | 1.00x |"));
    Console.WriteLine(string.Create(culture, $"| {largest:N0} chats, {largest * 2 * DatabaseSeeder.ExchangesPerChat:N0} turns, {new FileInfo(Path.Combine(root, "startup", "gptbot.db")).Length / 1048576.0:F1} MB | {largeStartup.TotalMilliseconds:F1} ms | {largeStartup / emptyStartup:F2}x |"));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (Directory.Exists(root))
    {
        Directory.Delete(root, recursive: true);
    }
}

// Median of five: open the store (schema check, WAL), then load one chat from the file (cold cache).
static TimeSpan MeasureStartup(string directory, int chats, ManualClock clock)
{
    DatabaseSeeder.Seed(directory, chats, clock);
    var times = new List<TimeSpan>();
    for (var run = 0; run < 5; run++)
    {
        var started = Stopwatch.GetTimestamp();
        using var store = new SqliteConversationStore(Options.Create(new StoreOptions { DataDirectory = directory }), Options.Create(new ChatServiceOptions()), clock);
        store.LoadAsync(ConversationKey.Group(DatabaseSeeder.SelfId, DatabaseSeeder.ChatId(Math.Max(1, chats / 2))), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        times.Add(Stopwatch.GetElapsedTime(started));
    }

    times.Sort();
    return times[2];
}

static (long Rss, long Heap) Snapshot()
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect();
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    return (process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
}

static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MB";

static string RuntimeFacts() => $"GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {(Environment.Is64BitProcess ? "64" : "32")}-bit";
