using GptBot.Chat.Replies;
using GptBot.Host.Configuration;

namespace GptBot.Tests.Host.Configuration;

[Trait("Category", "Unit")]
public sealed class ReplySettingsTests
{
    [Fact]
    public void Defaults_match_the_documented_ones()
    {
        var settings = Read([]);

        Assert.Equal(ReplyMode.Stream, settings.Replies.Mode);
        Assert.Equal(1500, settings.Replies.MaxMessageLength);
        Assert.Equal(1, settings.Replies.MessagesPerSecond);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.Replies.CoalesceWindow);
        Assert.Equal(300, settings.Replies.ForwardTextLength);
        Assert.Equal(150, settings.Replies.ImageTextLength);
        Assert.False(settings.Replies.QuoteInGroups);
        Assert.Null(settings.Images.FontPath);
        Assert.Equal(20, settings.Images.FontSize);
        Assert.Equal(500, settings.Images.LineWidth);
        Assert.Equal(20, settings.Images.Padding);
    }

    [Fact]
    public void Values_are_read_case_insensitively_for_the_mode()
    {
        var settings = Read(new() { ["GPT_REPLY_MODE"] = "Image", ["GPT_REPLY_QUOTE"] = "true", ["GPT_MESSAGES_PER_SECOND"] = "0.5" });
        Assert.Equal(ReplyMode.Image, settings.Replies.Mode);
        Assert.True(settings.Replies.QuoteInGroups);
        Assert.Equal(0.5, settings.Replies.MessagesPerSecond);
    }

    [Theory]
    [InlineData("GPT_REPLY_MODE", "lines")]
    [InlineData("GPT_MESSAGE_MAX_LENGTH", "10")]
    [InlineData("GPT_MESSAGES_PER_SECOND", "0")]
    [InlineData("GPT_STREAM_COALESCE_MS", "-1")]
    [InlineData("GPT_IMAGE_TEXT_LENGTH", "0")]
    [InlineData("GPT_IMAGE_FONT", "/no/such/font.ttc")]
    [InlineData("GPT_IMAGE_FONT_SIZE", "big")]
    [InlineData("GPT_IMAGE_LINE_WIDTH", "50")]
    [InlineData("GPT_REPLY_QUOTE", "maybe")]
    public void A_bad_value_names_its_setting(string key, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Read(new() { [key] = value }));
        Assert.StartsWith(key + ":", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    private static BoundSettings Read(Dictionary<string, string?> values)
    {
        values["GPT_API_KEY"] = "sk-test";
        return BoundSettings.Read(values);
    }
}
