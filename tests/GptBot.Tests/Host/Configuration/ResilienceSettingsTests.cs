using GptBot.Host.Configuration;

namespace GptBot.Tests.Host.Configuration;

/// <summary>The resilience settings: defaults, a key list in either form, and bad values named in the error.</summary>
[Trait("Category", "Unit")]
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

    [Fact]
    public void Gpt_timeout_also_bounds_the_backends_own_calls_and_its_retries()
    {
        var settings = Read(new() { ["GPT_TIMEOUT"] = "7" });

        Assert.Equal(TimeSpan.FromSeconds(7), settings.Chat.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.Llm.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.Llm.Resilience.Budget);
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
        Assert.StartsWith(key + ":", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    private static BoundSettings Read(Dictionary<string, string?> values)
    {
        values.TryAdd("GPT_API_KEY", "sk-test");
        return BoundSettings.Read(values);
    }
}
