using GptBot.Host;
using GptBot.Host.Configuration;
using GptBot.Testing;

namespace GptBot.IntegrationTests.WebSession;

/// <summary>GPT_BACKEND=web: selection, required settings and GPT_PROXY.</summary>
[Trait("Category", "Integration")]
public sealed class WebSessionSetupTests
{
    [Fact]
    public async Task Both_endpoints_go_through_GPT_PROXY()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        // .invalid never resolves: the requests can only arrive through the proxy, which here is the fake itself.
        await using var bot = await WebBot.StartAsync(web, settings: new Dictionary<string, string?>
        {
            ["GPT_API_BASEURL"] = "http://chatgpt.invalid",
            ["GPT_PROXY"] = web.BaseUrl,
        });

        var session = await web.NextSessionRequestAsync();
        Assert.Equal("chatgpt.invalid", session.Headers["Host"]);
        await using var qq = await bot.ConnectAsync();
        await qq.SendPrivateMessageAsync(30001, "/gpt hi");
        Assert.Equal("chatgpt.invalid", (await web.NextConversationRequestAsync()).Headers["Host"]);
        Assert.Equal("echo: hi", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_seed_env_with_only_a_session_token_selects_the_web_backend()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartAsync(web, settings: new Dictionary<string, string?> { ["GPT_BACKEND"] = null });

        Assert.Equal(FakeChatGptWebServer.InitialSessionToken, (await web.NextSessionRequestAsync()).SessionToken);
    }

    [Fact]
    public void The_web_backend_needs_a_session_token_or_an_access_token()
    {
        var settings = new Dictionary<string, string?>
        {
            ["GPT_BACKEND"] = "web",
            ["GPT_API_KEY"] = null,
            ["GPT_SESSION_TOKEN"] = null,
            ["PORT"] = "0",
        };

        var empty = Directory.CreateTempSubdirectory("gptbot-settings-").FullName;

        var error = Assert.Throws<SettingsException>(() => GptBotApp.Build([], settings, workingDirectory: empty));

        Assert.StartsWith("GPT_SESSION_TOKEN: is required with GPT_BACKEND=web", Assert.Single(error.Problems), StringComparison.Ordinal);
    }
}
