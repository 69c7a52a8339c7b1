using GptBot.Testing;

namespace GptBot.BrowserTests.Infrastructure;

/// <summary>
/// GptBot as an operator runs it (its own process, SQLite store) with the console on, a fake LLM and a fake QQ
/// implementation connected over the reverse WebSocket.
/// </summary>
public sealed class ConsoleBot : IAsyncDisposable
{
    public const string Token = "console-test-token-0123456789";
    public const long SelfId = 10001;

    private ConsoleBot(ServerProcess process, FakeLlmServer llm, FakeOneBotPeer peer, string dataDirectory)
    {
        Process = process;
        Llm = llm;
        Peer = peer;
        DataDirectory = dataDirectory;
    }

    public ServerProcess Process { get; }

    public FakeLlmServer Llm { get; }

    public FakeOneBotPeer Peer { get; }

    public string DataDirectory { get; }

    public string Url(string path) => $"http://127.0.0.1:{Process.Port}{path}";

    /// <param name="settings">Settings over the test defaults (a null value removes one).</param>
    /// <param name="prepare">Runs on the data directory before the start (e.g. writes persona files).</param>
    public static async Task<ConsoleBot> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<string>? prepare = null)
    {
        var llm = await FakeLlmServer.StartAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("gptbot-console-").FullName;
        prepare?.Invoke(dataDirectory);
        var merged = TestSettings.For(llm.BaseUrl);
        merged["GPT_ADMIN_TOKEN"] = Token;
        merged["GPT_TIMEZONE"] = "Asia/Shanghai";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        var process = await GptBotProcess.StartAsync(merged, dataDirectory);
        var peer = await process.ConnectAsync(SelfId);
        return new ConsoleBot(process, llm, peer, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await Peer.DisposeAsync();
        await Process.DisposeAsync();
        await Llm.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The process is gone; a file it held open a moment longer is left in the temp folder.
        }
    }
}
