using GptBot.Chat.Replies;

namespace GptBot.Host.Configuration;

/// <summary>How answers are sent (GPT_REPLY_MODE, limits, GPT_REPLY_QUOTE) onto <see cref="ReplyOptions"/>.</summary>
internal static class ReplySettings
{
    private static readonly Dictionary<string, ReplyMode> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stream"] = ReplyMode.Stream,
        ["whole"] = ReplyMode.Whole,
        ["forward"] = ReplyMode.Forward,
        ["image"] = ReplyMode.Image,
    };

    private static readonly Dictionary<string, MarkdownMode> MarkdownModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["keep"] = MarkdownMode.Keep,
        ["plain"] = MarkdownMode.Plain,
    };

    public static FlatSection<ReplyOptions> Section { get; } = new FlatSection<ReplyOptions>()
        .Add(FlatSetting.Choice("GPT_REPLY_MODE", "must be stream, whole, forward or image", Modes), o => o.Mode, (o, v) => o.Mode = v)
        .Add(FlatSetting.Int("GPT_MESSAGE_MAX_LENGTH", 50, 100_000), o => o.MaxMessageLength, (o, v) => o.MaxMessageLength = v)
        .Add(FlatSetting.Number("GPT_MESSAGES_PER_SECOND", 0.05, 100), o => o.MessagesPerSecond, (o, v) => o.MessagesPerSecond = v)
        .Add(FlatSetting.Milliseconds("GPT_STREAM_COALESCE_MS", 0, 60_000), o => o.CoalesceWindow, (o, v) => o.CoalesceWindow = v)
        .Add(FlatSetting.Int("GPT_FORWARD_TEXT_LENGTH", 1, 1_000_000), o => o.ForwardTextLength, (o, v) => o.ForwardTextLength = v)
        .Add(FlatSetting.Int("GPT_IMAGE_TEXT_LENGTH", 1, 1_000_000), o => o.ImageTextLength, (o, v) => o.ImageTextLength = v)
        .Add(FlatSetting.Bool("GPT_REPLY_QUOTE"), o => o.QuoteInGroups, (o, v) => o.QuoteInGroups = v)
        .Add(FlatSetting.Choice("GPT_MARKDOWN", "must be keep or plain", MarkdownModes), o => o.Markdown, (o, v) => o.Markdown = v);
}
