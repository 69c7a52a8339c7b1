using GptBot.Admin;
using GptBot.Chat;
using GptBot.Host.Personas;
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
        AdminSettings.Section,
        PersonaSettings.Section,
    ];

    /// <summary>Every problem of every section, one line each naming its setting (<c>GPT_TIMEOUT: must be ...</c>).</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = Sections.SelectMany(section => section.Problems(configuration)).ToList();
        if (OpenWithoutToken(configuration, problems) is { } open)
        {
            problems.Add(open);
        }

        return problems;
    }

    /// <summary>
    /// The reverse WebSocket reachable from the network without ONEBOT_ACCESS_TOKEN: anyone who reaches the port could
    /// connect as a bot, forge a sudoer's /gpt_control and make the bot post anywhere on the API key's bill. The check
    /// spans two sections, so it is made here; skipped while one of its settings has a problem of its own.
    /// </summary>
    private static string? OpenWithoutToken(IConfiguration configuration, List<string> problems)
    {
        string[] reads = ["HOST:", "ONEBOT_ACCESS_TOKEN:", "ONEBOT_ALLOW_NO_TOKEN:"];
        if (problems.Any(problem => reads.Any(key => problem.StartsWith(key, StringComparison.Ordinal))))
        {
            return null;
        }

        var hosting = HostingSettings.Section.Read(configuration);
        return HostingSettings.IsLoopback(hosting.Host) || hosting.AllowNoToken || OneBotSettings.Section.Read(configuration).AccessToken.Length > 0
            ? null
            : $"ONEBOT_ACCESS_TOKEN: is required when HOST is not a loopback address: with HOST={hosting.Host} anyone who can reach the port could connect as a bot and use /gpt_control as a sudoer. Set the same token here and in the QQ implementation, or set ONEBOT_ALLOW_NO_TOKEN=true if only trusted machines can reach it";
    }

    public static IServiceCollection AddGptBotOptions(this IServiceCollection services)
    {
        foreach (var section in Sections)
        {
            section.Register(services);
        }

        // A relative GPT_DATA_DIR is relative to the working directory, as the seed's ./data was.
        services.AddOptions<StoreOptions>().PostConfigure<IHostEnvironment>((store, host) =>
            store.DataDirectory = Path.GetFullPath(store.DataDirectory, host.ContentRootPath));
        services.AddOptions<PersonaOptions>().PostConfigure<IHostEnvironment>((personas, host) =>
            personas.Directory = Path.GetFullPath(personas.Directory, host.ContentRootPath));

        // GPT_MODEL belongs to the backend; a chat without a model of its own asks it, and GPT_MODELS defaults to it.
        // Read from the flat settings, not from LlmOptions, which itself takes GPT_TIMEOUT from the chat section.
        services.AddOptions<ChatServiceOptions>().Configure<IConfiguration>((chat, configuration) =>
            chat.DefaultModel = LlmSettings.Section.Read(configuration).Model);

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

        // The console's settings are the admin section's.
        services.AddOptions<AdminConsoleOptions>().Configure<ConfiguredOptions<AdminOptions>>((console, admin) =>
        {
            console.Token = admin.Value.Token;
            console.AllowHttp = admin.Value.AllowHttp;
            console.ForwardedHeaders = admin.Value.ForwardedHeaders;
        });

        // A stop gives answers in flight GPT_SHUTDOWN_GRACE_SECONDS, then time to tell their chats and close the sockets.
        services.AddOptions<HostOptions>().Configure<ConfiguredOptions<ChatServiceOptions>>((host, chat) =>
            host.ShutdownTimeout = chat.Value.ShutdownGrace + TimeSpan.FromSeconds(15));
        return services;
    }
}
