using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using GptBot.Host;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Distribution;

/// <summary>One version for the product: what <c>--version</c>, the first start-up line and /healthz show.</summary>
[Trait("Category", "Integration")]
public sealed class ProductVersionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gptbot-version-").FullName;

    /// <summary>The one place the version is set.</summary>
    public static string DeclaredVersion { get; } = XDocument
        .Load(Path.Combine(GptBotProcess.RepositoryRoot(), "Directory.Build.props"))
        .Descendants("Version")
        .Single()
        .Value;

    [Fact]
    public async Task Version_flag_prints_the_declared_version_and_exits_0_without_a_env_file_or_starting_anything()
    {
        var (exitCode, output) = await GptBotProcess.RunToExitAsync(new Dictionary<string, string?>(), _directory, TimeSpan.FromSeconds(30), "--version");

        Assert.Equal(0, exitCode);
        Assert.Equal(DeclaredVersion, output.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory)); // no data directory: nothing started
    }

    [Fact]
    public async Task The_first_line_of_a_start_names_the_version()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        var settings = TestSettings.For(llm.BaseUrl);
        settings["LOG_LEVEL"] = "INFO";
        await using var bot = await GptBotProcess.StartAsync(settings, _directory);

        await bot.WaitForLineAsync(line => line.Contains("listening for OneBot v11", StringComparison.Ordinal));

        var first = bot.Output.Split(Environment.NewLine)[0];
        Assert.Contains($"GptBot {DeclaredVersion} starting in {_directory}", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_reports_the_version()
    {
        await using var bot = await TestBot.StartAsync();
        using var http = new HttpClient();

        // Live, not ready: no bot is connected, and the version is reported either way.
        var health = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{bot.Port}/healthz/live", TestContext.Current.CancellationToken);

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal(DeclaredVersion, health.GetProperty("version").GetString());
        Assert.Equal(DeclaredVersion, ProductVersion.Current);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
