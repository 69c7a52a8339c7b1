using GptBot.Chat.Replies;
using GptBot.Rendering;

namespace GptBot.Host.Configuration;

/// <summary>The reply settings of issue 6 (GPT_REPLY_MODE, limits, GPT_IMAGE_* as the seed's later versions named them).</summary>
internal sealed record ReplySettings(ReplyOptions Replies, ImageRenderOptions Images)
{
    public static ReplySettings Read(SettingsReader reader)
    {
        var mode = reader.String("GPT_REPLY_MODE", "stream").Trim().ToLowerInvariant() switch
        {
            "stream" => ReplyMode.Stream,
            "whole" => ReplyMode.Whole,
            "forward" => ReplyMode.Forward,
            "image" => ReplyMode.Image,
            var other => throw new SettingsException("GPT_REPLY_MODE", $"must be stream, whole, forward or image, got '{other}'"),
        };

        var replies = new ReplyOptions
        {
            Mode = mode,
            MaxMessageLength = reader.Int("GPT_MESSAGE_MAX_LENGTH", 1500, 50, 100_000),
            MessagesPerSecond = reader.Double("GPT_MESSAGES_PER_SECOND", 1, 0.05, 100),
            CoalesceWindow = TimeSpan.FromMilliseconds(reader.Int("GPT_STREAM_COALESCE_MS", 500, 0, 60_000)),
            ForwardTextLength = reader.Int("GPT_FORWARD_TEXT_LENGTH", 300, 1, 1_000_000),
            ImageTextLength = reader.Int("GPT_IMAGE_TEXT_LENGTH", 150, 1, 1_000_000),
            QuoteInGroups = reader.Bool("GPT_REPLY_QUOTE", false),
        };

        var font = reader.Raw("GPT_IMAGE_FONT");
        if (!string.IsNullOrWhiteSpace(font) && !File.Exists(font))
        {
            throw new SettingsException("GPT_IMAGE_FONT", $"must be the path of a font file (.ttf, .otf, .ttc), '{font}' does not exist");
        }

        var images = new ImageRenderOptions
        {
            FontPath = string.IsNullOrWhiteSpace(font) ? null : font,
            FontSize = reader.Int("GPT_IMAGE_FONT_SIZE", 20, 8, 200),
            LineWidth = reader.Int("GPT_IMAGE_LINE_WIDTH", 500, 100, 4000),
            Padding = reader.Int("GPT_IMAGE_PADDING", 20, 0, 500),
        };

        return new ReplySettings(replies, images);
    }
}
