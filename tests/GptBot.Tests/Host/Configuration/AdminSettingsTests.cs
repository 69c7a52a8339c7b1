using GptBot.Admin;
using GptBot.Host.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Host.Configuration;

[Trait("Category", "Unit")]
public sealed class AdminSettingsTests
{
    [Fact]
    public void A_short_admin_token_is_a_configuration_error_that_does_not_show_it()
    {
        var problems = GptBotOptions.Problems(Configuration(("GPT_ADMIN_TOKEN", "hunter2-hunter2")));

        var problem = Assert.Single(problems);
        Assert.StartsWith("GPT_ADMIN_TOKEN: must be at least 16 characters", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_settings_there_is_no_console_and_nothing_else_is_opened()
    {
        Assert.Empty(GptBotOptions.Problems(Configuration()));
        var console = Console(Configuration());

        Assert.Equal(string.Empty, console.Token);
        Assert.False(console.AllowHttp);
        Assert.False(console.ForwardedHeaders);
    }

    [Fact]
    public void The_console_gets_the_admin_settings()
    {
        var configuration = Configuration(
            ("GPT_ADMIN_TOKEN", "0123456789abcdef"),
            ("GPT_ADMIN_ALLOW_HTTP", "true"),
            ("GPT_ADMIN_FORWARDED_HEADERS", "yes"));
        Assert.Empty(GptBotOptions.Problems(configuration));

        var console = Console(configuration);

        Assert.Equal("0123456789abcdef", console.Token);
        Assert.True(console.AllowHttp);
        Assert.True(console.ForwardedHeaders);
    }

    private static AdminConsoleOptions Console(IConfiguration configuration)
    {
        using var services = BoundSettings.Services(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<AdminConsoleOptions>>().Value;
    }

    /// <summary>A usable configuration (an API key) with <paramref name="values"/> on top.</summary>
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            values.Prepend((Key: "GPT_API_KEY", Value: "sk-test")).Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))).Build();
}
