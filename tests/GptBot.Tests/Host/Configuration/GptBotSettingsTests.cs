using GptBot.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace GptBot.Tests.Host.Configuration;

[Trait("Category", "Unit")]
public sealed class GptBotSettingsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var settings = Read();

        Assert.Equal("127.0.0.1", settings.Host);
        Assert.Equal(8080, settings.Port);
        Assert.Equal(["/"], settings.Chat.CommandStart);
        Assert.Empty(settings.Chat.Sudoers);
        Assert.Equal(0, settings.Chat.Probability);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Chat.MinimalInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.Chat.Timeout);
        Assert.Null(settings.Chat.SystemPrompt);
        Assert.Empty(settings.Nicknames);
        Assert.Equal(new Uri("https://api.openai.com/v1"), settings.Llm.BaseUrl);
        Assert.Null(settings.Llm.Proxy);
    }

    [Theory]
    [InlineData("[123, 456]")]
    [InlineData("123,456")]
    [InlineData(" 123 , 456 ")]
    [InlineData("[\"123\", \"456\"]")]
    public void Sudoers_are_read_as_a_json_list_or_comma_separated(string value)
    {
        var settings = Read(("GPT_SUDOERS", value));

        Assert.Equal([123L, 456L], settings.Chat.Sudoers.Order());
    }

    [Fact]
    public void Command_start_is_a_json_list_that_may_hold_an_empty_prefix()
    {
        Assert.Equal(["/", ""], Read(("COMMAND_START", "[\"/\", \"\"]")).Chat.CommandStart);
        Assert.Equal(["!"], Read(("COMMAND_START", "[\"!\"]")).Chat.CommandStart);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_command_start_means_the_default(string value)
    {
        Assert.Equal(["/"], Read(("COMMAND_START", value)).Chat.CommandStart);
    }

    [Theory]
    [InlineData("[\"bot\", \"小助手\"]")]
    [InlineData("bot,小助手")]
    public void Nickname_is_a_list(string value)
    {
        Assert.Equal(["bot", "小助手"], Read(("NICKNAME", value)).Nicknames);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("0.25", 0.25)]
    [InlineData("1", 1)]
    public void Probability_accepts_zero_to_one(string value, double expected)
    {
        Assert.Equal(expected, Read(("GPT_PROBABILITY", value)).Chat.Probability);
    }

    [Fact]
    public void Backend_values_are_read()
    {
        var settings = Read(
            ("GPT_API_BASEURL", "http://localhost:11434/v1"),
            ("GPT_MODEL", "qwen2.5"),
            ("GPT_PROXY", "http://127.0.0.1:7890"),
            ("GPT_TIMEOUT", "1.5"),
            ("GPT_REQUEST_MINIMAL_INTERVAL", "0"),
            ("GPT_SYSTEM_PROMPT", "be brief"));

        Assert.Equal(new Uri("http://localhost:11434/v1"), settings.Llm.BaseUrl);
        Assert.Equal("qwen2.5", settings.Llm.Model);
        Assert.Equal(new Uri("http://127.0.0.1:7890"), settings.Llm.Proxy);
        Assert.Equal(TimeSpan.FromSeconds(1.5), settings.Chat.Timeout);
        Assert.Equal(TimeSpan.Zero, settings.Chat.MinimalInterval);
        Assert.Equal("be brief", settings.Chat.SystemPrompt);
    }

    [Theory]
    [InlineData("GPT_PROBABILITY", "1.5", "1.5")]
    [InlineData("GPT_PROBABILITY", "-0.1", "-0.1")]
    [InlineData("GPT_PROBABILITY", "often", "often")]
    [InlineData("GPT_SUDOERS", "[123, \"admin\"]", "admin")]
    [InlineData("GPT_SUDOERS", "alice,bob", "alice")]
    [InlineData("COMMAND_START", "[\"/\",", "[\"/\",")]
    [InlineData("NICKNAME", "[bot", "[bot")]
    [InlineData("COMMAND_START", "[]", "[\"/\"]")]
    [InlineData("GPT_TIMEOUT", "0", "0")]
    [InlineData("GPT_TIMEOUT", "soon", "soon")]
    [InlineData("GPT_REQUEST_MINIMAL_INTERVAL", "-1", "-1")]
    [InlineData("GPT_API_BASEURL", "api.openai.com", "api.openai.com")]
    [InlineData("GPT_PROXY", "ftp://proxy", "ftp://proxy")]
    [InlineData("GPT_BACKEND", "claude", "claude")]
    [InlineData("PORT", "70000", "70000")]
    [InlineData("HOST", "example.com", "example.com")]
    [InlineData("LOG_LEVEL", "LOUD", "LOUD")]
    [InlineData("GPT_API_KEY", "sk-your-key-here", ".env.example")]
    public void An_invalid_value_names_its_setting(string key, string value, string shown)
    {
        var error = Assert.Throws<SettingsException>(() => Read((key, value)));

        Assert.Equal(key, error.Key);
        Assert.StartsWith(key + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(shown, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_backend_needs_a_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();

        var error = Assert.Throws<SettingsException>(() => GptBotSettings.Read(configuration));

        Assert.Equal("GPT_API_KEY", error.Key);
    }

    private static GptBotSettings Read(params (string Key, string Value)[] values)
    {
        var data = new Dictionary<string, string?> { ["GPT_API_KEY"] = "sk-test" };
        foreach (var (key, value) in values)
        {
            data[key] = value;
        }

        return GptBotSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(data).Build());
    }
}
