using GptBot.Chat;
using GptBot.Chat.Replies;
using GptBot.Host.Configuration;
using GptBot.Llm;
using GptBot.OneBot;
using GptBot.Persistence;
using GptBot.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog.Events;

namespace GptBot.Tests.Host.Configuration;

/// <summary>
/// Each section's validator, run as the host runs it when it starts: on the options as the container built them, so a
/// value that code configured is checked with the same rules and words as a value from .env.
/// </summary>
[Trait("Category", "Unit")]
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string> OneBadValuePerSection => new()
    {
        { "hosting", "PORT: must be a whole number from 0 to 65535, got '70000'" },
        { "logging", "LOG_LEVEL: must be TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL, got '42'" },
        { "onebot", "ONEBOT_API_TIMEOUT: must be a number from 1 to 3600, got '0'" },
        { "chat", "GPT_TIMEOUT: must be a number from 1 to 3600, got '0.5'" },
        { "reply", "GPT_MESSAGES_PER_SECOND: must be a number from 0.05 to 100, got '0'" },
        { "image", "GPT_IMAGE_LINE_WIDTH: must be a whole number from 100 to 4000, got '50'" },
        { "llm", "GPT_RETRY_COUNT: must be a whole number from 0 to 10, got '11'" },
        { "store", "GPT_STORE_CACHE_MINUTES: must be a whole number from 1 to 525600, got '0'" },
    };

    [Theory]
    [MemberData(nameof(OneBadValuePerSection))]
    public void Each_section_is_checked_at_start_naming_its_setting(string section, string problem)
    {
        var services = BoundSettings.Services(Configuration());
        Misconfigure(services, section);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal([problem], error.Failures);
    }

    [Fact]
    public void A_start_reports_the_problems_of_every_section_together()
    {
        var services = BoundSettings.Services(Configuration());
        Misconfigure(services, "hosting");
        Misconfigure(services, "chat");
        Misconfigure(services, "store");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        string[] expected =
        [
            "PORT: must be a whole number from 0 to 65535, got '70000'",
            "GPT_TIMEOUT: must be a number from 1 to 3600, got '0.5'",
            "GPT_STORE_CACHE_MINUTES: must be a whole number from 1 to 525600, got '0'",
        ];
        var reported = error.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures);
        Assert.Equal(expected.Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_value_that_cannot_be_read_is_named_as_written_and_the_default_is_not_used()
    {
        using var provider = BoundSettings.Services(Configuration(("GPT_TIMEOUT", "soon"))).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChatServiceOptions>>().Value);

        Assert.Equal(["GPT_TIMEOUT: must be a number from 1 to 3600, got 'soon'"], error.Failures);
    }

    [Fact]
    public void A_check_across_settings_names_the_setting_to_change()
    {
        using var provider = BoundSettings.Services(Configuration(("GPT_MAX_CONTEXT_TOKENS", "2000"), ("GPT_MAX_ANSWER_TOKENS", "2000"))).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChatServiceOptions>>().Value);

        Assert.Equal(["GPT_MAX_ANSWER_TOKENS: must be less than GPT_MAX_CONTEXT_TOKENS (2000), got 2000"], error.Failures);
    }

    private static void Misconfigure(IServiceCollection services, string section)
    {
        _ = section switch
        {
            "hosting" => services.Configure<HostingOptions>(o => o.Port = 70_000),
            "logging" => services.Configure<LoggingOptions>(o => o.Level = (LogEventLevel)42),
            "onebot" => services.Configure<OneBotOptions>(o => o.ActionTimeout = TimeSpan.Zero),
            "chat" => services.Configure<ChatServiceOptions>(o => o.Timeout = TimeSpan.FromSeconds(0.5)),
            "reply" => services.Configure<ReplyOptions>(o => o.MessagesPerSecond = 0),
            "image" => services.Configure<ImageRenderOptions>(o => o.LineWidth = 50),
            "llm" => services.Configure<LlmOptions>(o => o.Resilience.RetryCount = 11),
            "store" => services.Configure<StoreOptions>(o => o.CacheIdle = TimeSpan.Zero),
            _ => throw new ArgumentOutOfRangeException(nameof(section), section, null),
        };
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
    {
        var data = new Dictionary<string, string?> { ["GPT_API_KEY"] = "sk-test" };
        foreach (var (key, value) in values)
        {
            data[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(data).Build();
    }
}
