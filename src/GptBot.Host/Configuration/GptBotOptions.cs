using GptBot.Chat;
using GptBot.Llm;
using GptBot.Persistence;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GptBot.Host.Configuration;

/// <summary>
/// Every options section, read from the flat names nonebot-plugin-gpt and NoneBot use (so an existing .env works
/// unchanged) and checked when the service starts, plus the few values one section takes from another.
/// </summary>
internal static class GptBotOptions
{
    private static readonly IFlatSection[] Sections =
    [
        HostingSettings.Section,
        LoggingSettings.Section,
        OneBotSettings.Section,
        ChatSettings.Section,
        ReplySettings.Section,
        ImageSettings.Section,
        LlmSettings.Section,
        StoreSettings.Section,
    ];

    /// <summary>Every problem of every section, one line each naming its setting (<c>GPT_TIMEOUT: must be ...</c>).</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration) =>
        Sections.SelectMany(section => section.Problems(configuration)).ToArray();

    public static IServiceCollection AddGptBotOptions(this IServiceCollection services)
    {
        foreach (var section in Sections)
        {
            section.Register(services);
        }

        // A relative GPT_DATA_DIR is relative to the working directory, as the seed's ./data was.
        services.AddOptions<StoreOptions>().PostConfigure<IHostEnvironment>((store, host) =>
            store.DataDirectory = Path.GetFullPath(store.DataDirectory, host.ContentRootPath));

        // Values one section takes from another, so that each has one default, in its owner's options class.
        services.TryAddSingleton(typeof(ConfiguredOptions<>));
        // GPT_TIMEOUT is the time for one whole answer: the backend's own calls (a web-session refresh) and its retries
        // keep within it. The backend keeps its state (the web session) in GPT_DATA_DIR too.
        services.AddOptions<LlmOptions>().Configure<ConfiguredOptions<ChatServiceOptions>, ConfiguredOptions<StoreOptions>>((llm, chat, store) =>
        {
            llm.RequestTimeout = chat.Value.Timeout;
            llm.Resilience.Budget = chat.Value.Timeout;
            llm.DataDirectory = store.Value.DataDirectory;

            // get_current_time reads the clock where the bot lives (GPT_TIMEZONE).
            llm.Tools.TimeZone = chat.Value.TimeZone;
        });

        // A stop gives answers in flight GPT_SHUTDOWN_GRACE_SECONDS, then time to tell their chats and close the sockets.
        services.AddOptions<HostOptions>().Configure<ConfiguredOptions<ChatServiceOptions>>((host, chat) =>
            host.ShutdownTimeout = chat.Value.ShutdownGrace + TimeSpan.FromSeconds(15));
        return services;
    }
}
