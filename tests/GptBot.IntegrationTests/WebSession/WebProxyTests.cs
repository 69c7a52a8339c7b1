using GptBot.Testing;

namespace GptBot.IntegrationTests.WebSession;

/// <summary>GPT_PROXY with user:password, as the seed's aiohttp honoured it, carries the web backend's traffic too.</summary>
[Trait("Category", "Integration")]
public sealed class WebProxyTests
{
    private const string User = "alice";
    private const string Password = "pr0xy-s3cret";

    [Fact]
    public async Task An_authenticated_proxy_carries_the_session_refresh_and_the_conversation()
    {
        await using var proxy = FakeHttpProxy.Start(User, Password);
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartAsync(web, settings: new Dictionary<string, string?> { ["GPT_PROXY"] = proxy.UrlWith(User, Password) });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt 你好");

        Assert.Equal("echo: 你好", await qq.NextSentTextAsync());
        Assert.True(proxy.Relayed >= 2, $"the proxy relayed {proxy.Relayed} requests (refused {proxy.Refused})");
        Assert.Equal(1, web.SessionCalls);
    }

    [Fact]
    public async Task A_proxy_that_refuses_the_credentials_is_logged_without_them()
    {
        await using var proxy = FakeHttpProxy.Start(User, "the-right-one");
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["GPT_BACKEND"] = "web",
            ["GPT_SESSION_TOKEN"] = FakeChatGptWebServer.InitialSessionToken,
            ["GPT_API_BASEURL"] = "https://chat.example.test",
            ["GPT_PROXY"] = proxy.UrlWith(User, Password),
            ["GPT_TIMEOUT"] = "10",
            ["LOG_LEVEL"] = "INFO",
        };
        await using var bot = await GptBotProcess.StartAsync(settings);

        var failure = await bot.WaitForLineAsync(line => line.Contains("407", StringComparison.Ordinal));

        Assert.Contains("127.0.0.1:" + proxy.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, bot.Output, StringComparison.Ordinal);
        Assert.True(proxy.Refused > 0);
    }
}
