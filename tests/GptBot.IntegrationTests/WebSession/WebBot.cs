using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.WebSession;

/// <summary>Starts the real host with GPT_BACKEND=web against a <see cref="FakeChatGptWebServer"/>.</summary>
internal static class WebBot
{
    public const long Sudoer = 900;
    public const string InitialAccessToken = "initial-access-token";

    public static Task<TestBot> StartAsync(FakeChatGptWebServer web, string? dataDirectory = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["GPT_BACKEND"] = "web",
            ["GPT_SESSION_TOKEN"] = FakeChatGptWebServer.InitialSessionToken,
            ["GPT_API_KEY"] = InitialAccessToken,
            ["GPT_API_BASEURL"] = web.BaseUrl,
            ["GPT_MODEL"] = string.Empty, // the web default, text-davinci-002-render-sha
            ["GPT_SUDOERS"] = $"[{Sudoer}]",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return TestBot.StartAsync(merged, dataDirectory: dataDirectory);
    }

    /// <summary>Starts the bot and waits until its startup refresh reached the fake.</summary>
    public static async Task<TestBot> StartRefreshedAsync(FakeChatGptWebServer web, string? dataDirectory = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var bot = await StartAsync(web, dataDirectory, settings);
        await web.NextSessionRequestAsync();
        return bot;
    }
}
