using GptBot.Host.Configuration;
using GptBot.Persistence;

namespace GptBot.Tests.Host.Configuration;

[Trait("Category", "Unit")]
public sealed class StoreSettingsTests
{
    [Fact]
    public void Defaults_are_sqlite_under_data_with_an_8000_token_window_and_no_expiry()
    {
        var settings = Read([]);

        Assert.Equal(StoreKind.Sqlite, settings.Store.Kind);
        Assert.Equal(Path.Combine(BoundSettings.WorkingDirectory, "data"), settings.Store.DataDirectory);
        Assert.Equal(40, settings.Chat.MaxHistoryTurns);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.Store.CacheIdle);
        Assert.Equal(8000, settings.Chat.MaxContextTokens);
        Assert.Equal(1000, settings.Chat.MaxAnswerTokens);
        Assert.Equal(TimeSpan.Zero, settings.Chat.ContextExpiry);
    }

    [Fact]
    public void Every_persistence_setting_is_read()
    {
        var settings = Read(new()
        {
            ["GPT_DATA_DIR"] = "/var/lib/gptbot",
            ["GPT_MAX_HISTORY_TURNS"] = "10",
            ["GPT_STORE_CACHE_MINUTES"] = "5",
            ["GPT_MAX_CONTEXT_TOKENS"] = "16000",
            ["GPT_MAX_ANSWER_TOKENS"] = "2000",
            ["GPT_CONTEXT_EXPIRE_MINUTES"] = "60",
        });

        Assert.Equal("/var/lib/gptbot", settings.Store.DataDirectory);
        Assert.Equal(10, settings.Chat.MaxHistoryTurns);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Store.CacheIdle);
        Assert.Equal(16000, settings.Chat.MaxContextTokens);
        Assert.Equal(2000, settings.Chat.MaxAnswerTokens);
        Assert.Equal(TimeSpan.FromHours(1), settings.Chat.ContextExpiry);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("MEMORY")]
    public void Memory_store_means_no_sqlite(string value) =>
        Assert.Equal(StoreKind.Memory, Read(new() { ["GPT_STORE"] = value }).Store.Kind);

    [Fact]
    public void The_web_session_is_kept_in_the_same_data_directory()
    {
        var settings = Read(new() { ["GPT_DATA_DIR"] = "state" });

        Assert.Equal(Path.Combine(BoundSettings.WorkingDirectory, "state"), settings.Store.DataDirectory);
        Assert.Equal(settings.Store.DataDirectory, settings.Llm.DataDirectory);
    }

    [Theory]
    [InlineData("GPT_STORE", "redis")]
    [InlineData("GPT_MAX_CONTEXT_TOKENS", "100")]
    [InlineData("GPT_MAX_CONTEXT_TOKENS", "many")]
    [InlineData("GPT_MAX_ANSWER_TOKENS", "-1")]
    [InlineData("GPT_CONTEXT_EXPIRE_MINUTES", "-5")]
    [InlineData("GPT_STORE_CACHE_MINUTES", "0")]
    public void A_bad_value_names_its_setting(string key, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Read(new() { [key] = value }));

        Assert.StartsWith(key + ":", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_reserve_as_large_as_the_window_is_refused()
    {
        var error = Assert.Throws<SettingsException>(() => Read(new() { ["GPT_MAX_CONTEXT_TOKENS"] = "1000", ["GPT_MAX_ANSWER_TOKENS"] = "1000" }));

        Assert.Equal("GPT_MAX_ANSWER_TOKENS: must be less than GPT_MAX_CONTEXT_TOKENS (1000), got 1000", Assert.Single(error.Problems));
    }

    private static BoundSettings Read(Dictionary<string, string?> values)
    {
        values["GPT_API_KEY"] = "sk-test";
        return BoundSettings.Read(values);
    }
}
