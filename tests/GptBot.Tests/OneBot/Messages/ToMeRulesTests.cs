using GptBot.OneBot.Messages;
using GptBot.OneBot.Protocol;

namespace GptBot.Tests.OneBot.Messages;

/// <summary>NoneBot's to_me rules: when a message is addressed to the bot.</summary>
[Trait("Category", "Unit")]
public sealed class ToMeRulesTests
{
    private const long Self = 10001;
    private static readonly string[] NoNicknames = [];

    [Fact]
    public void Any_private_message_is_to_me()
    {
        var result = ToMeRules.Apply(CqCode.Parse("hello"), Self, isPrivate: true, quotedSender: null, NoNicknames);

        Assert.True(result.ToMe);
        Assert.Equal("hello", ToMeRules.PlainText(result.Segments));
    }

    [Fact]
    public void Leading_at_self_is_stripped_with_the_following_blank()
    {
        var result = Group("[CQ:at,qq=10001] /gpt hi");

        Assert.True(result.ToMe);
        Assert.Equal("/gpt hi", Single(result));
    }

    [Fact]
    public void Two_leading_at_self_are_both_stripped()
    {
        var result = Group("[CQ:at,qq=10001] [CQ:at,qq=10001] /gpt hi");

        Assert.True(result.ToMe);
        Assert.Equal("/gpt hi", Single(result));
    }

    [Fact]
    public void Trailing_at_self_and_blank_are_removed()
    {
        var result = Group("hi [CQ:at,qq=10001] ");

        Assert.True(result.ToMe);
        Assert.Equal("hi ", Single(result));
    }

    [Theory]
    [InlineData("[CQ:at,qq=20000]hi")]
    [InlineData("[CQ:at,qq=all]hi")]
    [InlineData("a[CQ:at,qq=10001]b")]
    [InlineData("hi [CQ:at,qq=all]")]
    [InlineData("/gpt hi")]
    public void Other_addressing_is_not_to_me(string wire)
    {
        var result = Group(wire);

        Assert.False(result.ToMe);
        Assert.Equal(CqCode.Parse(wire), result.Segments);
    }

    [Fact]
    public void Reply_to_the_bot_is_to_me_and_the_reply_and_its_auto_at_are_removed()
    {
        var segments = CqCode.Parse("[CQ:reply,id=-55][CQ:at,qq=10001] hi");

        Assert.Equal(-55, ToMeRules.FindReplyId(segments));
        var result = ToMeRules.Apply(segments, Self, isPrivate: false, quotedSender: Self, NoNicknames);

        Assert.True(result.ToMe);
        Assert.Equal("hi", Single(result));
    }

    [Fact]
    public void Reply_to_someone_else_is_removed_but_not_to_me()
    {
        var result = ToMeRules.Apply(CqCode.Parse("[CQ:reply,id=5][CQ:at,qq=30003] hi"), Self, isPrivate: false, quotedSender: 30003, NoNicknames);

        Assert.False(result.ToMe);
        Assert.Equal("hi", Single(result));
    }

    [Fact]
    public void Reply_whose_sender_is_unknown_is_left_untouched()
    {
        var segments = CqCode.Parse("[CQ:reply,id=5][CQ:at,qq=10001] hi");

        var result = ToMeRules.Apply(segments, Self, isPrivate: false, quotedSender: null, NoNicknames);

        Assert.Equal(segments, result.Segments);
    }

    [Theory]
    [InlineData("Bot，/gpt hi", "/gpt hi")]
    [InlineData("bot, /gpt hi", "/gpt hi")]
    [InlineData("BOT /gpt hi", "/gpt hi")]
    [InlineData("bot", "")]
    public void Leading_nickname_is_to_me_and_stripped(string text, string rest)
    {
        var result = ToMeRules.Apply(CqCode.Parse(text), Self, isPrivate: false, quotedSender: null, ["bot"]);

        Assert.True(result.ToMe);
        Assert.Equal(rest, Single(result));
    }

    [Theory]
    [InlineData("robot hi")]
    [InlineData("hi bot")]
    public void Nickname_elsewhere_is_not_to_me(string text) =>
        Assert.False(ToMeRules.Apply(CqCode.Parse(text), Self, isPrivate: false, quotedSender: null, ["bot"]).ToMe);

    [Fact]
    public void Longest_nickname_wins()
    {
        var result = ToMeRules.Apply(CqCode.Parse("小助手 /gpt hi"), Self, isPrivate: false, quotedSender: null, ["小助", "小助手"]);

        Assert.Equal("/gpt hi", Single(result));
    }

    [Fact]
    public void A_message_that_becomes_empty_keeps_one_empty_text_segment()
    {
        var result = Group("[CQ:at,qq=10001]");

        Assert.True(result.ToMe);
        Assert.Equal(string.Empty, Single(result));
    }

    [Fact]
    public void The_input_list_is_not_modified()
    {
        var segments = CqCode.Parse("[CQ:at,qq=10001] hi");
        var copy = segments.ToList();

        ToMeRules.Apply(segments, Self, isPrivate: false, quotedSender: null, NoNicknames);

        Assert.Equal(copy, segments);
    }

    private static AddressedMessage Group(string wire) =>
        ToMeRules.Apply(CqCode.Parse(wire), Self, isPrivate: false, quotedSender: null, NoNicknames);

    private static string Single(AddressedMessage result) => Assert.Single(result.Segments).Text;
}
