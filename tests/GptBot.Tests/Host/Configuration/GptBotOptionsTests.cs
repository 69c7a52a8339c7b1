using System.Text;
using GptBot.Host.Configuration;
using GptBot.Llm;
using Microsoft.Extensions.Configuration;
using Serilog.Events;

namespace GptBot.Tests.Host.Configuration;

[Trait("Category", "Unit")]
public sealed class GptBotOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var settings = Read();

        Assert.Equal("127.0.0.1", settings.Hosting.Host);
        Assert.Equal(8080, settings.Hosting.Port);
        Assert.Equal(["/"], settings.Chat.CommandStart);
        Assert.Empty(settings.Chat.Sudoers);
        Assert.Empty(settings.OneBot.SelfIds);
        Assert.True(settings.OneBot.AcceptsSelfId(123456789));
        Assert.Equal(0, settings.Chat.Probability);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Chat.MinimalInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.Chat.Timeout);
        Assert.Equal(TimeSpan.Zero, settings.Chat.QueueTimeout);
        Assert.Equal(TimeSpan.Zero, settings.Chat.IntervalMaxWait);
        Assert.Null(settings.Chat.SystemPrompt);
        Assert.Empty(settings.Hosting.Nicknames);
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

    [Theory]
    [InlineData("[123, 456]")]
    [InlineData("123,456")]
    public void Onebot_self_ids_are_read_as_a_json_list_or_comma_separated_and_limit_the_bots(string value)
    {
        var settings = Read(("ONEBOT_SELF_IDS", value));

        Assert.Equal([123L, 456L], settings.OneBot.SelfIds.Order());
        Assert.True(settings.OneBot.AcceptsSelfId(456));
        Assert.False(settings.OneBot.AcceptsSelfId(789));
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

    [Fact]
    public void A_real_json_array_in_appsettings_is_read_as_the_list_it_is()
    {
        // language=JSON
        const string appsettings = """{ "COMMAND_START": ["/", ""], "GPT_SUDOERS": [123, 456], "GPT_API_KEY": "sk-test" }""";
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(appsettings));

        var settings = BoundSettings.Read(new ConfigurationBuilder().AddJsonStream(json).Build());

        Assert.Equal(["/", ""], settings.Chat.CommandStart);
        Assert.Equal([123L, 456L], settings.Chat.Sudoers.Order());
    }

    [Theory]
    [InlineData("[\"bot\", \"小助手\"]")]
    [InlineData("bot,小助手")]
    public void Nickname_is_a_list(string value)
    {
        Assert.Equal(["bot", "小助手"], Read(("NICKNAME", value)).Hosting.Nicknames);
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
            ("GPT_QUEUE_TIMEOUT", "90"),
            ("GPT_INTERVAL_MAX_WAIT", "120"),
            ("GPT_REQUEST_MINIMAL_INTERVAL", "0"),
            ("GPT_SYSTEM_PROMPT", "be brief"));

        Assert.Equal(new Uri("http://localhost:11434/v1"), settings.Llm.BaseUrl);
        Assert.Equal("qwen2.5", settings.Llm.Model);
        Assert.Equal(new Uri("http://127.0.0.1:7890"), settings.Llm.Proxy);
        Assert.Equal(TimeSpan.FromSeconds(1.5), settings.Chat.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Chat.QueueTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), settings.Chat.IntervalMaxWait);
        Assert.Equal(TimeSpan.Zero, settings.Chat.MinimalInterval);
        Assert.Equal("be brief", settings.Chat.SystemPrompt);
    }

    [Theory]
    [InlineData("GPT_PROBABILITY", "1.5", "1.5")]
    [InlineData("GPT_PROBABILITY", "-0.1", "-0.1")]
    [InlineData("GPT_PROBABILITY", "often", "often")]
    [InlineData("GPT_SUDOERS", "[123, \"admin\"]", "admin")]
    [InlineData("GPT_SUDOERS", "alice,bob", "alice")]
    [InlineData("ONEBOT_SELF_IDS", "10001,bot", "bot")]
    [InlineData("COMMAND_START", "[\"/\",", "[\"/\",")]
    [InlineData("NICKNAME", "[bot", "[bot")]
    [InlineData("COMMAND_START", "[]", "[\"/\"]")]
    [InlineData("GPT_TIMEOUT", "0", "0")]
    [InlineData("GPT_TIMEOUT", "soon", "soon")]
    [InlineData("GPT_REQUEST_MINIMAL_INTERVAL", "-1", "-1")]
    [InlineData("GPT_QUEUE_TIMEOUT", "-1", "-1")]
    [InlineData("GPT_INTERVAL_MAX_WAIT", "forever", "forever")]
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

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith(key + ":", problem, StringComparison.Ordinal);
        Assert.Contains(shown, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_bad_settings_are_all_reported_at_once_each_naming_its_setting()
    {
        var error = Assert.Throws<SettingsException>(() => Read(
            ("PORT", "abc"),
            ("GPT_TIMEOUT", "abc"),
            ("GPT_SUDOERS", "[1, x]"),
            ("GPT_REPLY_MODE", "lines"),
            ("GPT_API_BASEURL", "ftp://llm")));

        Assert.Equal(
        [
            "PORT: must be a whole number from 0 to 65535, got 'abc'",
            "GPT_SUDOERS: must be a JSON list such as [\"a\", \"b\"] or comma-separated values, got '[1, x]'",
            "GPT_TIMEOUT: must be a number from 1 to 3600, got 'abc'",
            "GPT_REPLY_MODE: must be stream, whole, forward or image, got 'lines'",
            "GPT_API_BASEURL: must be an absolute http or https URL, got 'ftp://llm'",
        ],
            error.Problems);
    }

    [Fact]
    public void Any_free_port_needs_an_ip_address_rather_than_localhost()
    {
        var error = Assert.Throws<SettingsException>(() => Read(("HOST", "localhost"), ("PORT", "0")));

        Assert.StartsWith("PORT: must be a port number with HOST=localhost", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.Equal(0, Read(("HOST", "127.0.0.1"), ("PORT", "0")).Hosting.Port);
    }

    [Fact]
    public void One_mistake_gives_one_line_even_when_a_check_across_settings_would_also_fail()
    {
        // GPT_MAX_ANSWER_TOKENS (1000 by default) is not below 300 either, but the window is what needs fixing.
        var error = Assert.Throws<SettingsException>(() => Read(("GPT_MAX_CONTEXT_TOKENS", "100")));

        Assert.Equal("GPT_MAX_CONTEXT_TOKENS: must be a whole number from 256 to 10000000, got '100'", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_seed_env_with_a_session_token_means_the_web_backend_and_its_defaults()
    {
        var settings = BoundSettings.Read(new Dictionary<string, string?> { ["GPT_SESSION_TOKEN"] = "eyJ.session" });

        Assert.Equal(LlmBackend.Web, settings.Llm.Backend);
        Assert.Equal(new Uri(LlmOptions.DefaultWebBaseUrl), settings.Llm.BaseUrl);
        Assert.Equal(LlmOptions.DefaultWebModel, settings.Llm.Model);
    }

    [Fact]
    public void An_explicit_backend_wins_over_the_session_token()
    {
        var settings = Read(("GPT_BACKEND", "API"), ("GPT_SESSION_TOKEN", "eyJ.session"));

        Assert.Equal(LlmBackend.Api, settings.Llm.Backend);
        Assert.Equal(new Uri(LlmOptions.DefaultApiBaseUrl), settings.Llm.BaseUrl);
        Assert.Equal(LlmOptions.DefaultApiModel, settings.Llm.Model);
    }

    [Theory]
    [InlineData("TRACE", LogEventLevel.Verbose)]
    [InlineData("debug", LogEventLevel.Debug)]
    [InlineData("SUCCESS", LogEventLevel.Information)]
    [InlineData("warn", LogEventLevel.Warning)]
    [InlineData("CRITICAL", LogEventLevel.Fatal)]
    public void Log_level_takes_nonebots_names(string value, LogEventLevel level)
    {
        Assert.Equal(level, Read(("LOG_LEVEL", value)).Logging.Level);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.53")]
    [InlineData("::1")]
    [InlineData("localhost")]
    public void A_loopback_address_needs_no_access_token(string host)
    {
        Assert.Equal(host, Read(("HOST", host), ("PORT", "8080")).Hosting.Host);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.20")]
    public void Any_other_address_needs_an_access_token_or_onebot_allow_no_token(string host)
    {
        var error = Assert.Throws<SettingsException>(() => Read(("HOST", host)));

        Assert.StartsWith("ONEBOT_ACCESS_TOKEN: is required when HOST is not a loopback address", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.Equal(host, Read(("HOST", host), ("ONEBOT_ACCESS_TOKEN", "shared-secret")).Hosting.Host);
        Assert.Equal(host, Read(("HOST", host), ("ONEBOT_ALLOW_NO_TOKEN", "true")).Hosting.Host);
    }

    [Fact]
    public void A_bad_host_is_reported_once_without_the_token_check()
    {
        var error = Assert.Throws<SettingsException>(() => Read(("HOST", "nonsense")));

        Assert.StartsWith("HOST:", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_backend_needs_a_key()
    {
        var error = Assert.Throws<SettingsException>(() => BoundSettings.Read(new Dictionary<string, string?>()));

        Assert.StartsWith("GPT_API_KEY:", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    private static BoundSettings Read(params (string Key, string Value)[] values)
    {
        var data = new Dictionary<string, string?> { ["GPT_API_KEY"] = "sk-test" };
        foreach (var (key, value) in values)
        {
            data[key] = value;
        }

        return BoundSettings.Read(data);
    }
}
