using GptBot.Host.Configuration;

namespace GptBot.Tests.Host.Configuration;

/// <summary>GPT_VISION, GPT_TIMEZONE, sampling, GPT_TOOLS and GPT_MCP_SERVERS as an operator writes them.</summary>
[Trait("Category", "Unit")]
public sealed class VisionAndToolSettingsTests
{
    [Fact]
    public void Defaults_match_the_documented_ones()
    {
        var settings = Read([]);

        Assert.False(settings.Chat.Vision);
        Assert.Equal(5 * 1024 * 1024, settings.Chat.ImageInputMaxBytes);
        Assert.Equal(TimeZoneInfo.Local, settings.Chat.TimeZone);
        Assert.Null(settings.Llm.Temperature);
        Assert.Null(settings.Llm.TopP);
        Assert.False(settings.Llm.Tools.Enabled);
        Assert.Equal(4, settings.Llm.Tools.MaxRounds);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Llm.Tools.CallTimeout);
        Assert.Empty(settings.Llm.Tools.McpServers);
    }

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("China Standard Time")]
    public void The_time_zone_may_be_an_iana_or_a_windows_id_and_reaches_the_tools(string id)
    {
        var settings = Read(new() { ["GPT_TIMEZONE"] = id });

        Assert.Equal(TimeSpan.FromHours(8), settings.Chat.TimeZone.BaseUtcOffset);
        Assert.Same(settings.Chat.TimeZone, settings.Llm.Tools.TimeZone);
    }

    [Fact]
    public void Mcp_servers_are_read_as_programs_or_urls()
    {
        var settings = Read(new()
        {
            ["GPT_TOOLS"] = "true",
            ["GPT_MCP_SERVERS"] = """[{"name":"fetch","command":"uvx","args":["mcp-server-fetch","--x"],"env":{"A":"1"}},{"url":"https://mcp.example.com/mcp","headers":{"Authorization":"Bearer k"}}]""",
        });

        var (program, web) = (settings.Llm.Tools.McpServers[0], settings.Llm.Tools.McpServers[1]);
        Assert.Equal(("fetch", "uvx"), (program.Name, program.Command));
        Assert.Equal(["mcp-server-fetch", "--x"], program.Arguments);
        Assert.Equal("1", program.Environment["A"]);
        Assert.Equal(("mcp.example.com", new Uri("https://mcp.example.com/mcp")), (web.Name, web.Url));
        Assert.Equal("Bearer k", web.Headers["Authorization"]);
    }

    [Theory]
    [InlineData("GPT_TEMPERATURE", "3")]
    [InlineData("GPT_TOP_P", "1.5")]
    [InlineData("GPT_VISION", "maybe")]
    [InlineData("GPT_IMAGE_INPUT_MAX_BYTES", "10")]
    [InlineData("GPT_TIMEZONE", "Mars/Olympus_Mons")]
    [InlineData("GPT_TOOL_MAX_ROUNDS", "0")]
    [InlineData("GPT_MCP_SERVERS", "uvx mcp-server-fetch")]
    [InlineData("GPT_MCP_SERVERS", """[{"name":"a"}]""")]
    [InlineData("GPT_MCP_SERVERS", """[{"name":"a","command":"x","url":"http://h/mcp"}]""")]
    [InlineData("GPT_MCP_SERVERS", """[{"url":"file:///etc/mcp"}]""")]
    [InlineData("GPT_MCP_SERVERS", """[{"name":"a","command":"x"},{"name":"a","command":"y"}]""")]
    public void A_bad_value_names_its_setting(string key, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Read(new() { [key] = value }));
        Assert.StartsWith(key + ":", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Tools_need_the_api_backend()
    {
        var error = Assert.Throws<SettingsException>(() => Read(new() { ["GPT_TOOLS"] = "true", ["GPT_BACKEND"] = "web" }));
        Assert.Equal("GPT_TOOLS: needs GPT_BACKEND=api: the web backend cannot call tools", Assert.Single(error.Problems));
    }

    private static BoundSettings Read(Dictionary<string, string?> values)
    {
        values["GPT_API_KEY"] = "sk-test";
        return BoundSettings.Read(values);
    }
}
