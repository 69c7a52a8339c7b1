using GptBot.Host;
using GptBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Infrastructure;

/// <summary>
/// The real GptBot host on a loopback Kestrel port, wired to a fresh <see cref="FakeLlmServer"/>. Settings default to
/// what a test wants (no interval, a short timeout) and each test overrides what it checks.
/// </summary>
public sealed class TestBot : IAsyncDisposable
{
    private TestBot(WebApplication app, FakeLlmServer llm, int port, string dataDirectory)
    {
        App = app;
        Llm = llm;
        Port = port;
        DataDirectory = dataDirectory;
    }

    public WebApplication App { get; }

    public FakeLlmServer Llm { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestBot> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, FakeLlmServer? llm = null, string? dataDirectory = null, Action<IServiceCollection>? services = null)
    {
        llm ??= await FakeLlmServer.StartAsync();
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "gptbot-tests", Guid.NewGuid().ToString("N"));
        var merged = TestSettings.For(llm.BaseUrl);
        merged["PORT"] = "0";
        merged["GPT_DATA_DIR"] = dataDirectory;
        merged["GPT_SHUTDOWN_GRACE_SECONDS"] = "2"; // a test that leaves an answer running should not wait 15 s to stop
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        // An empty working directory, so no stray appsettings.json or .env changes what the test configured.
        Directory.CreateDirectory(dataDirectory);
        var app = GptBotApp.Build([], merged, workingDirectory: dataDirectory, configureServices: services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestBot(app, llm, new Uri(address).Port, dataDirectory);
    }

    public Task<FakeOneBotPeer> ConnectAsync(long selfId = 10001, OneBotPersona? persona = null, string? token = null) =>
        FakeOneBotPeer.ConnectAsync(Port, selfId, persona ?? OneBotPersona.NapCat, token);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Llm.DisposeAsync();
    }
}
