using System.Text.Json;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Host;

/// <summary>
/// What the service prints reaches the console, Docker logs and whoever reads them: a secret setting's value and the
/// user:password of a URL never appear there, neither in a configuration error nor in a log line.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SecretRedactionTests
{
    private const string ApiKey = "sk-live-5f0c9a27d1e84b6b";

    [Theory]
    [InlineData("GPT_API_KEY", "[\"" + ApiKey + "\",", ApiKey)]
    [InlineData("GPT_API_KEY", "[\"sk-other-key-1\", \"" + ApiKey + "\"", ApiKey)]
    [InlineData("GPT_PROXY", "ftp://alice:pr0xy-pa55word@proxy.local:21", "pr0xy-pa55word")]
    [InlineData("GPT_API_BASEURL", "ws://bob:re1ay-pa55word@relay.local/v1", "re1ay-pa55word")]
    [InlineData("ONEBOT_WS_URLS", "[\"http://carol:f0rward-pa55word@127.0.0.1:3001\"]", "f0rward-pa55word")]
    public async Task A_configuration_error_names_the_setting_without_echoing_the_secret(string key, string value, string secret)
    {
        var (exitCode, output) = await GptBotProcess.RunStartToExitAsync(new Dictionary<string, string?> { [key] = value });

        Assert.Equal(2, exitCode);
        Assert.Contains("配置错误 / configuration error: " + key + ":", output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_error_that_quotes_the_api_key_is_logged_without_it()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        llm.Handler = (_, context) => FakeLlmServer.ErrorAsync(context, 401, "Unauthorized",
            $$$"""{"error":{"message":"Incorrect API key provided: {{{ApiKey}}}. You can find your API key at https://platform.openai.com","code":"invalid_api_key"}}""");
        var settings = TestSettings.For(llm.BaseUrl);
        settings["GPT_API_KEY"] = ApiKey;
        await using var bot = await GptBotProcess.StartAsync(settings);
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hi");

        Assert.Equal("error 401: Unauthorized", await qq.NextSentTextAsync());
        var logged = await bot.WaitForLineAsync(line => line.Contains("Incorrect API key provided", StringComparison.Ordinal));
        Assert.DoesNotContain(ApiKey, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, bot.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every sink sits behind the redactor: the console in either format and the log file see the same line without the
    /// key. The file is the owner's alone, and in JSON every line of both is one JSON object.
    /// </summary>
    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task The_api_key_reaches_neither_the_console_nor_the_log_file_in_either_format(string format)
    {
        await using var llm = await FakeLlmServer.StartAsync();
        llm.Handler = (_, context) => FakeLlmServer.ErrorAsync(context, 401, "Unauthorized",
            $$$"""{"error":{"message":"Incorrect API key provided: {{{ApiKey}}}.","code":"invalid_api_key"}}""");
        var logs = Directory.CreateTempSubdirectory("gptbot-logs-").FullName;
        try
        {
            var settings = TestSettings.For(llm.BaseUrl);
            settings["GPT_API_KEY"] = ApiKey;
            settings["GPT_LOG_FORMAT"] = format;
            settings["GPT_LOG_FILE"] = Path.Combine(logs, "private", "gptbot.log");
            await using (var bot = await GptBotProcess.StartAsync(settings))
            {
                await using var qq = await bot.ConnectAsync();
                await qq.SendPrivateMessageAsync(30003, "/gpt hi");
                Assert.Equal("error 401: Unauthorized", await qq.NextSentTextAsync());
                await bot.WaitForLineAsync(line => line.Contains("Incorrect API key provided", StringComparison.Ordinal));
                Assert.True((await bot.TerminateAsync(TimeSpan.FromSeconds(20))).ExitCode == 0, bot.Output);

                Assert.DoesNotContain(ApiKey, bot.Output, StringComparison.Ordinal);
                if (format == "json")
                {
                    Assert.All(bot.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), line => JsonDocument.Parse(line).Dispose());
                }
            }

            var file = Assert.Single(Directory.GetFiles(Path.Combine(logs, "private")));
            var written = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            Assert.Contains("Incorrect API key provided: " + "***", written, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, written, StringComparison.Ordinal);
            if (format == "json")
            {
                Assert.All(written.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => JsonDocument.Parse(line).Dispose());
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(logs, "private")));
            }
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }
}
