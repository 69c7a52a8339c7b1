using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Distribution;

/// <summary>
/// The downloadable binary as an operator runs it: the self-contained executable alone in a directory with a .env,
/// no SDK or runtime involved. Runs when GPTBOT_PUBLISHED_BINARY names a binary that scripts/publish.sh made (CI
/// publishes linux-x64 first and sets it); skipped otherwise, so the test command works on a plain checkout.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PublishedBinaryTests : IDisposable
{
    private const string BinaryVariable = "GPTBOT_PUBLISHED_BINARY";
    private const string Token = "smoke-test-token";

    private readonly string _directory = Directory.CreateTempSubdirectory("gptbot-published-").FullName;

    [Fact]
    public async Task Runs_with_only_a_env_file_answers_gpt_and_exits_0_on_sigterm()
    {
        var published = Environment.GetEnvironmentVariable(BinaryVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(published), $"{BinaryVariable} is not set (scripts/publish.sh linux-x64 makes the binary)");
        Assert.True(File.Exists(published), $"{BinaryVariable}={published} does not exist");

        await using var llm = await FakeLlmServer.StartAsync();
        var executable = Path.Combine(_directory, Path.GetFileName(published));
        File.Copy(published, executable);
        Assert.Equal(ProductVersionTests.DeclaredVersion, await VersionOfAsync(executable));

        var port = FreePort.Pick();
        await File.WriteAllTextAsync(Path.Combine(_directory, ".env"), string.Join('\n',
            "HOST=127.0.0.1",
            $"PORT={port.ToString(CultureInfo.InvariantCulture)}",
            $"ONEBOT_ACCESS_TOKEN={Token}",
            "GPT_API_KEY=sk-smoke-test",
            $"GPT_API_BASEURL={llm.BaseUrl}",
            "GPT_REQUEST_MINIMAL_INTERVAL=0",
            "LOG_LEVEL=INFO",
            string.Empty), TestContext.Current.CancellationToken);

        await using var bot = await GptBotProcess.StartPublishedAsync(executable, _directory, port);
        TestContext.Current.TestOutputHelper?.WriteLine($"published binary: start to accepting connections in {bot.StartupTime.TotalMilliseconds:0} ms");
        await using var qq = await bot.ConnectAsync(token: Token);

        await qq.SendPrivateMessageAsync(30003, "/gpt 你好");
        Assert.Equal("echo: 你好", await qq.NextSentTextAsync(TimeSpan.FromSeconds(20)));

        using (var http = new HttpClient())
        {
            var health = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/healthz", TestContext.Current.CancellationToken);
            Assert.Equal(ProductVersionTests.DeclaredVersion, health.GetProperty("version").GetString());
        }

        var (exitCode, _) = await bot.TerminateAsync(TimeSpan.FromSeconds(20));
        Assert.True(exitCode == 0, bot.Output);
        Assert.StartsWith($"GptBot {ProductVersionTests.DeclaredVersion} starting", FirstMessage(bot.Output), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "data", "gptbot.db")), "the conversation store belongs in ./data beside the binary");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<string> VersionOfAsync(string executable)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
        return output.Trim();
    }

    /// <summary>The message of the first log line, after its "time [level] source: " prefix.</summary>
    private static string FirstMessage(string output)
    {
        var first = output.Split(Environment.NewLine)[0];
        return first[(first.IndexOf(": ", StringComparison.Ordinal) + 2)..];
    }
}
