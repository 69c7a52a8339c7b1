using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Replies;

/// <summary>
/// The one place that decides the form of a reply: whether an answer streams line by line, which form a complete
/// answer starts in (GPT_REPLY_MODE, its length, and what worked in the chat lately), and in which order the forms are
/// tried when one fails (text, then merged-forward, then image; a forward or image start wraps round to the earlier
/// forms).
/// </summary>
public sealed class ReplyFormPolicy(ReplyFormMemory memory, IOptions<ReplyOptions> options)
{
    private static readonly ReplyForm[] FromText = [ReplyForm.Text, ReplyForm.Forward, ReplyForm.Image];
    private static readonly ReplyForm[] FromForward = [ReplyForm.Forward, ReplyForm.Image, ReplyForm.Text];
    private static readonly ReplyForm[] FromImage = [ReplyForm.Image, ReplyForm.Text, ReplyForm.Forward];

    /// <summary>Answers at least this long are "long": they start in the chat's remembered form.</summary>
    public int LongAnswerLength => Math.Min(options.Value.ForwardTextLength, options.Value.ImageTextLength);

    /// <summary>
    /// Whether an answer to this chat is sent line by line as the model writes. A chat where text failed lately gets
    /// whole answers, so a long one can start in the form that worked there.
    /// </summary>
    /// <param name="mode">The chat's own reply mode; null for GPT_REPLY_MODE.</param>
    public bool Streams(ConversationKey key, ReplyMode? mode = null) => (mode ?? options.Value.Mode) == ReplyMode.Stream && memory.Recall(key) is null or ReplyForm.Text;

    /// <summary>
    /// The form a complete answer (or the rest of one) of <paramref name="length"/> chars starts in. A form that
    /// already worked for an earlier part of the same answer (<paramref name="workedForThisAnswer"/>) wins.
    /// </summary>
    /// <param name="mode">The chat's own reply mode; null for GPT_REPLY_MODE.</param>
    public ReplyForm StartForm(ConversationKey key, int length, ReplyForm? workedForThisAnswer = null, ReplyMode? mode = null)
    {
        if (workedForThisAnswer is { } worked)
        {
            return worked;
        }

        var settings = options.Value;
        var preferred = (mode ?? settings.Mode) switch
        {
            ReplyMode.Forward when length >= settings.ForwardTextLength => ReplyForm.Forward,
            ReplyMode.Image when length >= settings.ImageTextLength => ReplyForm.Image,
            _ => ReplyForm.Text,
        };

        // The remembered form is the one that worked here after the configured one failed, so it wins for long answers.
        return length >= LongAnswerLength && memory.Recall(key) is { } remembered ? remembered : preferred;
    }

    /// <summary>The forms to try, in order, for a reply that starts in <paramref name="start"/>.</summary>
    public static IReadOnlyList<ReplyForm> FallbackOrder(ReplyForm start) => start switch
    {
        ReplyForm.Text => FromText,
        ReplyForm.Forward => FromForward,
        _ => FromImage,
    };

    /// <summary>A form worked after an earlier one failed in this chat: long answers start in it for a while.</summary>
    public void Recovered(ConversationKey key, ReplyForm form) => memory.Remember(key, form);
}
