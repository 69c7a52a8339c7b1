using System.Globalization;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Distribution;

/// <summary>
/// <c>GptBot --healthcheck</c>, what the container's HEALTHCHECK runs: it reads HOST and PORT as the service does and
/// asks its /healthz.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HealthCheckTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gptbot-healthcheck-").FullName;

    [Fact]
    public async Task Exits_0_while_the_service_answers_and_1_once_it_is_gone()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        await using var bot = await GptBotProcess.StartAsync(TestSettings.For(llm.BaseUrl));
        // HOST=0.0.0.0 as in the image: the check asks on loopback.
        var probe = new Dictionary<string, string?> { ["HOST"] = "0.0.0.0", ["PORT"] = bot.Port.ToString(CultureInfo.InvariantCulture) };

        var (healthy, healthyOutput) = await GptBotProcess.RunToExitAsync(probe, _directory, TimeSpan.FromSeconds(30), "--healthcheck");
        await bot.KillAsync();
        var (gone, goneOutput) = await GptBotProcess.RunToExitAsync(probe, _directory, TimeSpan.FromSeconds(30), "--healthcheck");

        Assert.True(healthy == 0, healthyOutput);
        Assert.Contains("healthy", healthyOutput, StringComparison.Ordinal);
        Assert.Equal(1, gone);
        Assert.Contains("unhealthy", goneOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_the_port_from_the_env_file_beside_it()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        await using var bot = await GptBotProcess.StartAsync(TestSettings.For(llm.BaseUrl));
        await File.WriteAllTextAsync(Path.Combine(_directory, ".env"), $"PORT={bot.Port.ToString(CultureInfo.InvariantCulture)}\n", TestContext.Current.CancellationToken);

        var (exitCode, output) = await GptBotProcess.RunToExitAsync(new Dictionary<string, string?>(), _directory, TimeSpan.FromSeconds(30), "--healthcheck");

        Assert.True(exitCode == 0, output);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
