using BenchmarkDotNet.Running;
using GptBot.Benchmarks;

// Micro-benchmarks:     dotnet run -c Release --project bench/GptBot.Benchmarks -- --job short --filter '*'
// Idle conversation:    dotnet run -c Release --project bench/GptBot.Benchmarks -- idle-memory
if (args is ["idle-memory"])
{
    IdleConversationMemory.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run(args);
