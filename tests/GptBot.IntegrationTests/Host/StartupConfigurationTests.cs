using GptBot.Host;
using GptBot.Host.Configuration;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Host;

/// <summary>A misconfigured service refuses to start and names the setting to fix.</summary>
[Trait("Category", "Integration")]
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("PORT", "abc")]
    [InlineData("PORT", "70000")]
    [InlineData("PORT", "-1")]
    [InlineData("HOST", "nonsense")]
    [InlineData("HOST", "256.1.1.1")]
    [InlineData("GPT_SUDOERS", "[123, abc]")]
    [InlineData("GPT_SUDOERS", "[1, 2")]
    [InlineData("GPT_SUDOERS", "12a,34")]
    [InlineData("ONEBOT_WS_URLS", "[\"http://127.0.0.1:3001\"]")]
    [InlineData("ONEBOT_RECONNECT_INTERVAL", "0")]
    [InlineData("ONEBOT_RECONNECT_INTERVAL", "soon")]
    [InlineData("ONEBOT_API_TIMEOUT", "0")]
    [InlineData("ONEBOT_MAX_FRAME_BYTES", "10")]
    [InlineData("GPT_API_KEY", "")]
    public void A_bad_setting_stops_the_build_naming_the_setting(string key, string value)
    {
        var settings = Valid();
        settings[key] = value;

        var error = Assert.Throws<SettingsException>(() => GptBotApp.Build([], settings, EmptyDirectory()));

        Assert.StartsWith(key + ":", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_built_service_exits_non_zero_naming_the_bad_setting()
    {
        var (exitCode, stderr) = await RunServiceAsync(new Dictionary<string, string> { ["PORT"] = "not-a-port" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("PORT", stderr, StringComparison.Ordinal);
        Assert.Contains("not-a-port", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_bad_settings_are_reported_in_one_run_and_the_service_exits_with_code_2()
    {
        var (exitCode, output) = await RunServiceAsync(new Dictionary<string, string>
        {
            ["PORT"] = "abc",
            ["GPT_TIMEOUT"] = "soon",
            ["GPT_REPLY_MODE"] = "lines",
        });

        Assert.Equal(2, exitCode);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("配置错误 / configuration error: PORT: must be a whole number from 0 to 65535, got 'abc'", lines);
        Assert.Contains("配置错误 / configuration error: GPT_TIMEOUT: must be a number from 1 to 3600, got 'soon'", lines);
        Assert.Contains("配置错误 / configuration error: GPT_REPLY_MODE: must be stream, whole, forward or image, got 'lines'", lines);
    }

    [Fact]
    public async Task The_built_service_exits_non_zero_when_the_port_is_taken()
    {
        using var taken = FreePort.Occupy();
        var port = FreePort.PortOf(taken);

        var (exitCode, stderr) = await RunServiceAsync(new Dictionary<string, string> { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("PORT", stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Valid() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["HOST"] = "127.0.0.1",
        ["PORT"] = "0",
        ["GPT_API_KEY"] = "sk-test",
        ["GPT_API_BASEURL"] = "http://127.0.0.1:9/v1",
        ["LOG_LEVEL"] = "WARNING",
    };

    private static string EmptyDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gptbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Runs the built GptBot.dll (copied next to the tests) as an operator would, in an empty directory.</summary>
    private static Task<(int ExitCode, string Output)> RunServiceAsync(IReadOnlyDictionary<string, string> environment)
    {
        var settings = Valid();
        foreach (var (key, value) in environment)
        {
            settings[key] = value;
        }

        return GptBotProcess.RunToExitAsync(settings, EmptyDirectory(), TimeSpan.FromSeconds(30));
    }
}
