using GptBot.Chat;
using GptBot.Chat.Commands;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Chat.Commands;

[Trait("Category", "Unit")]
public sealed class CommandMatcherTests
{
    private static readonly CommandMatcher Default = Matcher("/");

    [Theory]
    [InlineData("/gpt hello", "hello")]
    [InlineData("/gpthello", "hello")]
    [InlineData("/gpt你好", "你好")]
    [InlineData("   /gpt hi", "hi")]
    [InlineData("/gpt   spaced out  ", "spaced out")]
    [InlineData("/gpt line one\nline two", "line one\nline two")]
    [InlineData("/gpt", "")]
    public void Gpt_gives_the_text_after_the_command(string text, string prompt)
    {
        Assert.Equal(new ParsedCommand(CommandName.Gpt, prompt), Default.Match(text));
    }

    [Theory]
    [InlineData("/GPT hello")]
    [InlineData("/Gpt hello")]
    [InlineData("hi /gpt hello")]
    [InlineData("gpt hello")]
    [InlineData("！gpt hello")]
    [InlineData("")]
    public void Other_text_is_no_command(string text)
    {
        Assert.Equal(CommandName.None, Default.Match(text).Name);
    }

    [Theory]
    [InlineData("/gpt_control reset_context", "reset_context")]
    [InlineData("/gpt_control", "")]
    [InlineData("  /gpt_control  refresh_session ", "refresh_session")]
    [InlineData("/gpt_controlx", "x")]
    public void Gpt_control_always_wins_over_gpt(string text, string argument)
    {
        Assert.Equal(new ParsedCommand(CommandName.GptControl, argument), Default.Match(text));
    }

    [Theory]
    [InlineData("/gpt hi", CommandName.Gpt, "hi")]
    [InlineData("gpt hi", CommandName.Gpt, "hi")]
    [InlineData("gpt_control x", CommandName.GptControl, "x")]
    [InlineData("/gpt_control x", CommandName.GptControl, "x")]
    [InlineData("hello", CommandName.None, "")]
    public void Empty_command_start_allows_commands_without_a_slash(string text, CommandName name, string argument)
    {
        var matcher = Matcher("/", "");

        var parsed = matcher.Match(text);

        Assert.Equal(name, parsed.Name);
        Assert.Equal(argument, parsed.Argument ?? string.Empty);
    }

    [Theory]
    [InlineData("!gpt hi", CommandName.Gpt)]
    [InlineData("!gpt_control x", CommandName.GptControl)]
    [InlineData("/gpt hi", CommandName.None)]
    public void A_custom_command_start_replaces_the_slash(string text, CommandName name)
    {
        Assert.Equal(name, Matcher("!").Match(text).Name);
    }

    [Theory]
    [InlineData(" /gpt hi", 1)]
    [InlineData("/gpt hi", 0)]
    [InlineData("/gpt hi", 2)]
    [InlineData("  /gpt_control x", 5)]
    public void A_command_that_does_not_fit_in_the_first_segment_is_no_command(string text, int leadingLength)
    {
        Assert.Equal(CommandName.None, Default.Match(text, leadingLength).Name);
    }

    [Theory]
    [InlineData("/gpt 看这个", 5, "看这个")]
    [InlineData("  /gpt看这个", 7, "看这个")]
    [InlineData("/gpt", 4, "")]
    [InlineData("/gpt_control reset", 12, "reset")]
    public void A_command_in_the_first_segment_takes_the_rest_of_the_whole_text(string text, int leadingLength, string argument)
    {
        Assert.Equal(argument, Default.Match(text, leadingLength).Argument);
    }

    private static CommandMatcher Matcher(params string[] commandStart) =>
        new(Options.Create(new ChatServiceOptions { CommandStart = commandStart }));
}
