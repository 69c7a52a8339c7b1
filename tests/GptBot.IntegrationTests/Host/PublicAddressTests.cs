using GptBot.Testing;

namespace GptBot.IntegrationTests.Host;

/// <summary>
/// Listening beyond loopback without ONEBOT_ACCESS_TOKEN would let anyone who reaches the port connect as a bot, forge a
/// sudoer's /gpt_control and spend the API key: the service refuses that unless the operator says it is meant.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PublicAddressTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public async Task A_public_address_without_a_token_refuses_to_start_naming_onebot_access_token(string host)
    {
        var (exitCode, output) = await GptBotProcess.RunStartToExitAsync(new Dictionary<string, string?> { ["HOST"] = host });

        Assert.Equal(2, exitCode);
        Assert.Contains("配置错误 / configuration error: ONEBOT_ACCESS_TOKEN:", output, StringComparison.Ordinal);
        Assert.Contains("ONEBOT_ALLOW_NO_TOKEN=true", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_refusal_is_reported_with_every_other_bad_setting_in_one_run()
    {
        var (exitCode, output) = await GptBotProcess.RunStartToExitAsync(new Dictionary<string, string?> { ["HOST"] = "0.0.0.0", ["GPT_TIMEOUT"] = "soon" });

        Assert.Equal(2, exitCode);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, line => line.StartsWith("配置错误 / configuration error: ONEBOT_ACCESS_TOKEN:", StringComparison.Ordinal));
        Assert.Contains("配置错误 / configuration error: GPT_TIMEOUT: must be a number from 1 to 3600, got 'soon'", lines);
    }

    [Fact]
    public async Task With_onebot_allow_no_token_it_starts_on_a_public_address_and_warns()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        var settings = TestSettings.For(llm.BaseUrl);
        settings["HOST"] = "0.0.0.0";
        settings["ONEBOT_ALLOW_NO_TOKEN"] = "true";
        await using var bot = await GptBotProcess.StartAsync(settings);

        var warning = await bot.WaitForLineAsync(line => line.Contains("ONEBOT_ALLOW_NO_TOKEN", StringComparison.Ordinal));

        Assert.Contains("[WRN]", warning, StringComparison.Ordinal);
        await using var qq = await bot.ConnectAsync();
        await qq.SendPrivateMessageAsync(30003, "/gpt hi");
        Assert.Equal("echo: hi", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_public_address_with_a_token_starts_and_turns_away_a_peer_without_it()
    {
        await using var llm = await FakeLlmServer.StartAsync();
        var settings = TestSettings.For(llm.BaseUrl);
        settings["HOST"] = "0.0.0.0";
        settings["ONEBOT_ACCESS_TOKEN"] = "a-long-shared-token";
        await using var bot = await GptBotProcess.StartAsync(settings);

        Assert.Equal(401, await FakeOneBotPeer.TryHandshakeAsync(bot.Port, new Dictionary<string, string> { ["X-Self-ID"] = "10001" }));
        await using var qq = await bot.ConnectAsync(token: "a-long-shared-token");
        await qq.SendPrivateMessageAsync(30003, "/gpt hi");
        Assert.Equal("echo: hi", await qq.NextSentTextAsync());
    }
}
