using System.Globalization;
using GptBot.OneBot.Protocol;

namespace GptBot.OneBot.Messages;

/// <summary>The outcome of <see cref="ToMeRules"/>: the message with the addressing removed, and whether it was addressed to the bot.</summary>
public readonly record struct AddressedMessage(List<MessageSegment> Segments, bool ToMe);

/// <summary>
/// NoneBot's to_me rules (adapter-onebot <c>_check_reply</c>, <c>_check_at_me</c>, <c>_check_nickname</c>): a reply to the
/// bot, a leading or trailing @bot, or a leading NICKNAME addresses the bot and is stripped, so <c>@bot /gpt hi</c> reads as
/// <c>/gpt hi</c>. @all and an @bot in the middle never do. Private messages are always to_me.
/// </summary>
public static class ToMeRules
{
    /// <summary>The id of the first reply segment, whose sender must be looked up with <c>get_msg</c>.</summary>
    public static long? FindReplyId(IReadOnlyList<MessageSegment> segments)
    {
        foreach (var segment in segments)
        {
            if (segment.Type == SegmentTypes.Reply)
            {
                return long.TryParse(segment.Get("id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Applies the rules. <paramref name="quotedSender"/> is the sender of the replied-to message when known
    /// (null if there is no reply or <c>get_msg</c> failed, in which case the reply segment is left alone).
    /// </summary>
    public static AddressedMessage Apply(IReadOnlyList<MessageSegment> original, long selfId, bool isPrivate, long? quotedSender, IReadOnlyList<string> nicknames)
    {
        var segments = new List<MessageSegment>(original);
        var toMe = isPrivate;
        if (quotedSender is { } sender)
        {
            var index = segments.FindIndex(s => s.Type == SegmentTypes.Reply);
            if (index >= 0)
            {
                toMe |= sender == selfId;
                segments.RemoveAt(index);
                if (index < segments.Count && IsAt(segments[index], sender))
                {
                    segments.RemoveAt(index);
                }

                TrimStartTextAt(segments, index);
            }
        }

        var selfText = selfId.ToString(CultureInfo.InvariantCulture);
        if (segments.Count > 0 && IsAtText(segments[0], selfText))
        {
            toMe = true;
            segments.RemoveAt(0);
            TrimStartTextAt(segments, 0);
            if (segments.Count > 0 && IsAtText(segments[0], selfText))
            {
                segments.RemoveAt(0);
                TrimStartTextAt(segments, 0);
            }
        }
        else if (!toMe && segments.Count > 0)
        {
            var last = segments.Count - 1;
            if (last > 0 && segments[last].IsText && string.IsNullOrWhiteSpace(segments[last].Text))
            {
                last--;
            }

            if (IsAtText(segments[last], selfText))
            {
                toMe = true;
                segments.RemoveRange(last, segments.Count - last);
            }
        }

        if (nicknames.Count > 0 && segments.Count > 0 && segments[0].IsText && StripNickname(segments[0].Text, nicknames) is { } rest)
        {
            toMe = true;
            segments[0] = MessageSegment.CreateText(rest);
        }

        if (segments.Count == 0)
        {
            segments.Add(MessageSegment.CreateText(string.Empty));
        }

        return new AddressedMessage(segments, toMe);
    }

    /// <summary>The concatenated text of all text segments.</summary>
    public static string PlainText(IReadOnlyList<MessageSegment> segments)
    {
        if (segments.Count == 1)
        {
            return segments[0].Text;
        }

        return string.Concat(segments.Where(s => s.IsText).Select(s => s.Text));
    }

    private static bool IsAt(MessageSegment segment, long userId) =>
        IsAtText(segment, userId.ToString(CultureInfo.InvariantCulture));

    private static bool IsAtText(MessageSegment segment, string userId) =>
        segment.Type == SegmentTypes.At && segment.Get("qq") == userId;

    private static void TrimStartTextAt(List<MessageSegment> segments, int index)
    {
        if (index < segments.Count && segments[index].IsText)
        {
            var trimmed = segments[index].Text.TrimStart();
            if (trimmed.Length == 0)
            {
                segments.RemoveAt(index);
            }
            else
            {
                segments[index] = MessageSegment.CreateText(trimmed);
            }
        }
    }

    /// <summary><c>^(nick1|nick2)([\s,，]*|$)</c>, case-insensitive: the text after the nickname and its separators, or null.</summary>
    private static string? StripNickname(string text, IReadOnlyList<string> nicknames)
    {
        foreach (var nickname in nicknames.OrderByDescending(n => n.Length))
        {
            if (nickname.Length == 0 || !text.StartsWith(nickname, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = text.AsSpan(nickname.Length);
            var separators = 0;
            while (separators < rest.Length && (char.IsWhiteSpace(rest[separators]) || rest[separators] is ',' or '，'))
            {
                separators++;
            }

            // NoneBot's regex lets the nickname be followed by anything; "robot hi" with nickname "bot" does not match
            // because the match is anchored at the start, which StartsWith already ensures.
            return rest[separators..].ToString();
        }

        return null;
    }
}
