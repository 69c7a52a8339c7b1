using System.Diagnostics;
using System.Globalization;
using GptBot.LoadTest.Ceiling;
using GptBot.LoadTest.Runner;

// Usage: GptBot.LoadTest [all|a|b|c|d|abc...] [--connections S] [--scale F] [--warmup SECONDS] [--stores sqlite,memory] [--gptbot DLL] [--no-usage]
//        GptBot.LoadTest idle [--gptbot DLL]   (resident memory of an idle GptBot, 6 s after start, sqlite and memory)
//        GptBot.LoadTest curve [--scale F] [--warmup SECONDS] [--gptbot DLL]   (how cost grows with groups and stored chats)
//        GptBot.LoadTest ceiling PORT LLM_BASE_URL   (started by the runner itself)
var (mode, options, rest) = BenchOptions.Parse(args);
if (mode == "ceiling")
{
    return await CeilingServer.RunAsync(int.Parse(rest[0], CultureInfo.InvariantCulture), new Uri(rest[1]));
}

if (mode == "curve")
{
    var started = Stopwatch.StartNew();
    Targets.GptBotDll();
    var curve = await new CurveRunner(options, Console.Error).RunAsync();
    Console.WriteLine();
    Console.WriteLine(curve);
    Console.WriteLine($"Ran in {started.Elapsed.TotalSeconds:0} s on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
    return 0;
}

if (mode == "idle")
{
    Targets.GptBotDll();
    Console.WriteLine(await new IdleRunner(options, Console.Error).RunAsync());
    return 0;
}

var scenarios = mode == "all" ? "abcd" : mode;
if (scenarios.Any(c => c is not ('a' or 'b' or 'c' or 'd')))
{
    await Console.Error.WriteLineAsync("usage: GptBot.LoadTest [all|a|b|c|d (or any combination, e.g. ab)] [--connections S] [--scale F] [--warmup SECONDS]");
    return 2;
}

var clock = Stopwatch.StartNew();
Targets.GptBotDll();
var results = await new BenchRunner(options, Console.Error).RunAsync(scenarios.Distinct().ToArray());
Console.WriteLine();
Console.WriteLine(MarkdownReport.Render(results, options));
Console.WriteLine($"Ran in {clock.Elapsed.TotalSeconds:0} s on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
return 0;
