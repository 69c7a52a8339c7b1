using GptBot.Host.Configuration;

namespace GptBot.Tests.Host.Configuration;

[Trait("Category", "Unit")]
public sealed class DotEnvParserTests
{
    [Theory]
    [InlineData("COMMAND_START=[\"/\", \"\"]", "COMMAND_START", "[\"/\", \"\"]")]
    [InlineData("GPT_SUDOERS=[123, 456]", "GPT_SUDOERS", "[123, 456]")]
    [InlineData("GPT_SUDOERS = 123,456  # admins", "GPT_SUDOERS", "123,456")]
    [InlineData("export GPT_MODEL=qwen2.5", "GPT_MODEL", "qwen2.5")]
    [InlineData("GPT_API_KEY=sk-abc#def", "GPT_API_KEY", "sk-abc#def")]
    [InlineData("GPT_SYSTEM_PROMPT=\"你是一个助手\\n简短回答 # not a comment\"", "GPT_SYSTEM_PROMPT", "你是一个助手\n简短回答 # not a comment")]
    [InlineData("GPT_SYSTEM_PROMPT='literal \\n stays'", "GPT_SYSTEM_PROMPT", "literal \\n stays")]
    [InlineData("NICKNAME=[\"bot\", \"小助手\"]", "NICKNAME", "[\"bot\", \"小助手\"]")]
    [InlineData("GPT_PROXY=", "GPT_PROXY", "")]
    public void Values_are_read_as_python_dotenv_reads_them(string line, string key, string expected)
    {
        var values = DotEnvParser.Parse("# comment\n\n" + line + "\r\nOTHER=1\n", ".env");

        Assert.Equal(expected, values[key]);
        Assert.Equal("1", values["OTHER"]);
    }

    [Fact]
    public void A_quoted_value_may_span_lines()
    {
        var values = DotEnvParser.Parse("GPT_SYSTEM_PROMPT=\"line one\nline two\"\nPORT=9000", ".env");

        Assert.Equal("line one\nline two", values["GPT_SYSTEM_PROMPT"]);
        Assert.Equal("9000", values["PORT"]);
    }

    [Fact]
    public void An_unclosed_quote_names_the_setting_and_the_line()
    {
        var error = Assert.Throws<SettingsException>(() => DotEnvParser.Parse("PORT=1\nGPT_SYSTEM_PROMPT=\"never closed\nPORT=2", ".env"));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("GPT_SYSTEM_PROMPT:", problem, StringComparison.Ordinal);
        Assert.Contains("line 2 of .env", problem, StringComparison.Ordinal);
    }
}
