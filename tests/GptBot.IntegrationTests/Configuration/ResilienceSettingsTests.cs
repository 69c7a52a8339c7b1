using GptBot.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace GptBot.IntegrationTests.Configuration;

/// <summary>The resilience settings: defaults, a key list in either form, and bad values named in the error.</summary>
public sealed class ResilienceSettingsTests
{
    [Fact]
    public void Defaults_apply_when_nothing_is_set()
    {
        var settings = Read([]);

        Assert.Equal(2, settings.Llm.Resilience.RetryCount);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Llm.Resilience.CircuitBreakDuration);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Llm.Resilience.KeyRestDuration);
        Assert.Equal(settings.Chat.Timeout, settings.Llm.Resilience.Budget);
        Assert.Equal(4000, settings.Chat.MaxPromptLength);
        Assert.Equal(10, settings.Chat.UserRateLimitPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.Chat.ShutdownGrace);
    }

    [Theory]
    [InlineData("[\"k1\",\"k2\"]")]
    [InlineData("k1, k2")]
    public void Several_api_keys_are_read_from_either_form(string value)
    {
        Assert.Equal(["k1", "k2"], Read(new() { ["GPT_API_KEY"] = value }).Llm.ApiKeys);
    }

    [Theory]
    [InlineData("GPT_RETRY_COUNT", "-1")]
    [InlineData("GPT_RETRY_COUNT", "many")]
    [InlineData("GPT_CIRCUIT_BREAK_SECONDS", "-5")]
    [InlineData("GPT_API_KEY_REST_SECONDS", "0")]
    [InlineData("GPT_MAX_PROMPT_LENGTH", "0")]
    [InlineData("GPT_USER_RATE_LIMIT", "ten")]
    [InlineData("GPT_SHUTDOWN_GRACE_SECONDS", "-1")]
    public void A_bad_value_names_its_setting(string key, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Read(new() { [key] = value }));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static GptBotSettings Read(Dictionary<string, string?> values)
    {
        values.TryAdd("GPT_API_KEY", "sk-test");
        return GptBotSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
