using System.Diagnostics;
using GptBot.Soak;
using GptBot.Testing;

// Soak run: a separately started GptBot process under steady load, with LLM faults and peer reconnects.
var options = SoakOptions.Parse(args);
await using var llm = await FakeLlmServer.StartAsync();
var faults = new FaultyLlm();
faults.Install(llm);
var data = Path.Combine(Path.GetTempPath(), "gptbot-soak", Guid.NewGuid().ToString("N"));
await using var bot = await GptBotProcess.StartAsync(SoakOptions.Settings(llm.BaseUrl), data, logPath: Path.Combine(data, "gptbot.log"), hostAssembly: options.BotDll);
Console.WriteLine($"GptBot pid {bot.Id} on port {bot.Port}; {options.Groups} groups at {options.RequestsPerSecond}/s for {options.Duration.TotalMinutes} min, reconnect every {options.ReconnectEvery.TotalSeconds} s");
var idleRss = RssMiB();

var load = new SoakLoad(options, bot.Port);
using var stopAsking = new CancellationTokenSource(options.Duration);
var clock = Stopwatch.StartNew();
var running = load.RunAsync(stopAsking.Token);
double? warmRss = null;
while (!running.IsCompleted)
{
    await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(30)));
    var rss = RssMiB();
    warmRss ??= rss;
    Console.WriteLine($"t={clock.Elapsed.TotalSeconds:0}s rss={rss:0.0} MiB {load.Counts}; LLM attempts {faults.Attempts} ({faults.Faults})");
}

await running;
var endRss = RssMiB();
var (exitCode, stopTook) = await bot.TerminateAsync(TimeSpan.FromSeconds(40));
Console.WriteLine();
Console.WriteLine($"duration        {clock.Elapsed:mm\\:ss}");
Console.WriteLine($"requests        {load.Sent} (answered {load.Answered}, errored {load.Errored}, lost {load.Lost})");
Console.WriteLine($"reconnects      {load.Reconnects}");
Console.WriteLine($"LLM attempts    {faults.Attempts} ({faults.Faults})");
Console.WriteLine($"RSS             idle {idleRss:0.0} MiB, after 30 s {warmRss:0.0} MiB, end {endRss:0.0} MiB");
Console.WriteLine($"SIGTERM         exit code {exitCode} after {stopTook.TotalSeconds:0.0} s");
Console.WriteLine($"service log     {bot.LogPath}");
return load.Lost == 0 && exitCode == 0 ? 0 : 1;

double RssMiB() => bot.Stats().RssKb / 1024.0;
