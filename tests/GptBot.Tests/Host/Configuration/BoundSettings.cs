using GptBot.Chat;
using GptBot.Chat.Replies;
using GptBot.Host.Configuration;
using GptBot.Llm;
using GptBot.OneBot;
using GptBot.Persistence;
using GptBot.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Host.Configuration;

/// <summary>
/// Every options section as the service gets it from some flat settings: checked first, as the service checks them
/// before it builds its host (a <see cref="SettingsException"/> lists every problem), then bound through the service's
/// own registrations, values taken from other sections included.
/// </summary>
internal sealed record BoundSettings(
    HostingOptions Hosting,
    LoggingOptions Logging,
    OneBotOptions OneBot,
    ChatServiceOptions Chat,
    ReplyOptions Replies,
    ImageRenderOptions Images,
    LlmOptions Llm,
    StoreOptions Store)
{
    /// <summary>Where the service would run: a relative GPT_DATA_DIR is relative to it.</summary>
    public static readonly string WorkingDirectory = Path.Combine(Path.GetTempPath(), "gptbot-settings-tests");

    public static BoundSettings Read(IReadOnlyDictionary<string, string?> values) =>
        Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    public static BoundSettings Read(IConfiguration configuration)
    {
        if (GptBotOptions.Problems(configuration) is { Count: > 0 } problems)
        {
            throw new SettingsException(problems);
        }

        using var services = Services(configuration).BuildServiceProvider();
        return new BoundSettings(
            Get<HostingOptions>(services),
            Get<LoggingOptions>(services),
            Get<OneBotOptions>(services),
            Get<ChatServiceOptions>(services),
            Get<ReplyOptions>(services),
            Get<ImageRenderOptions>(services),
            Get<LlmOptions>(services),
            Get<StoreOptions>(services));
    }

    /// <summary>The service's option registrations over <paramref name="configuration"/>, and nothing else.</summary>
    public static IServiceCollection Services(IConfiguration configuration) => new ServiceCollection()
        .AddSingleton(configuration)
        .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = WorkingDirectory })
        .AddGptBotOptions();

    private static T Get<T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;
}
