using GptBot.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace GptBot.Tests.Host.Configuration;

/// <summary>What the redactor leaves of a line the service prints.</summary>
[Trait("Category", "Unit")]
public sealed class SecretRedactorTests
{
    [Fact]
    public void Every_configured_secret_is_masked_wherever_it_appears()
    {
        var redactor = Redactor(
            ("GPT_API_KEY", "[\"sk-first-key-0001\", \"sk-second-key-0002\"]"),
            ("GPT_SESSION_TOKEN", "eyJhbGciOi.session"),
            ("ONEBOT_ACCESS_TOKEN", "onebot-shared-token"));

        var line = redactor.Redact("keys sk-first-key-0001 and sk-second-key-0002, cookie eyJhbGciOi.session, header Bearer onebot-shared-token");

        Assert.Equal("keys *** and ***, cookie ***, header Bearer ***", line);
    }

    [Fact]
    public void The_keys_of_a_list_that_does_not_parse_are_masked_one_by_one()
    {
        var redactor = Redactor(("GPT_API_KEY", "[\"sk-live-5f0c9a27d1e84b6b\","));

        Assert.Equal("relay said: Incorrect API key provided: ***.", redactor.Redact("relay said: Incorrect API key provided: sk-live-5f0c9a27d1e84b6b."));
    }

    [Theory]
    [InlineData("proxy 'http://alice:s3cret@127.0.0.1:3128/' failed", "proxy 'http://***@127.0.0.1:3128/' failed")]
    [InlineData("dialling ws://bot:pw@qq.local:3001/?access_token=abc123&x=1", "dialling ws://***@qq.local:3001/?access_token=***&x=1")]
    [InlineData("socks5://user@proxy:1080", "socks5://***@proxy:1080")]
    [InlineData("mail me at someone@example.com, see https://example.com/a@b", "mail me at someone@example.com, see https://example.com/a@b")]
    public void User_info_and_token_parameters_of_urls_are_masked(string line, string expected)
    {
        Assert.Equal(expected, SecretRedactor.None.Redact(line));
    }

    [Fact]
    public void The_header_and_environment_values_of_mcp_servers_are_masked_and_the_rest_of_the_setting_is_not()
    {
        var redactor = Redactor((SecretRedactor.McpServersSetting, """
            [{"name":"search","url":"http://127.0.0.1:8000/mcp","headers":{"Authorization":"Bearer mcp-search-key-42"}},
             {"name":"brave","command":"npx","args":["server-brave-search"],"env":{"BRAVE_API_KEY":"brv-secret-0099"}}]
            """));

        var line = redactor.Redact("search refused mcp-search-key-42 (Authorization: Bearer mcp-search-key-42); brave started npx server-brave-search with brv-secret-0099");

        Assert.Equal("search refused *** (Authorization: ***); brave started npx server-brave-search with ***", line);
    }

    [Fact]
    public void An_mcp_setting_that_is_not_a_list_is_refused_without_being_shown()
    {
        var error = Assert.Throws<SettingsException>(() => BoundSettings.Read(new Dictionary<string, string?>
        {
            ["GPT_API_KEY"] = "sk-test",
            [SecretRedactor.McpServersSetting] = """{"url":"http://127.0.0.1:8000/mcp","headers":{"Authorization":"Bearer mcp-search-key-42"}}""",
        }));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("GPT_MCP_SERVERS: must be a JSON list", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("mcp-search-key-42", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_values_are_not_searched_for_so_ordinary_words_survive()
    {
        var redactor = Redactor(("ONEBOT_ACCESS_TOKEN", "abc"));

        Assert.Equal("abc def", redactor.Redact("abc def"));
    }

    private static SecretRedactor Redactor(params (string Key, string Value)[] values) =>
        SecretRedactor.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))).Build());
}
