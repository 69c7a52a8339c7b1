namespace GptBot.Chat.Conversations;

/// <summary>
/// How a prompt that replies to another message reaches the model: the quoted text first, marked as a quotation in
/// the words a Chinese chat uses for it, then the question, so "这段话什么意思" on a reply has something to mean. The
/// history keeps the prompt in this form too: a later "那第二句呢？" refers to the same quotation, and an answer stored
/// without the text it explains would puzzle the model on every later turn.
/// </summary>
public static class QuotedPrompt
{
    /// <summary>How much of a quoted message the model sees; a quoted wall of text costs tokens on every later turn.</summary>
    public const int MaxQuotedLength = 1000;

    /// <summary>What a quoted message is introduced with.</summary>
    public const string Lead = "引用消息：";

    /// <summary>The prompt the model sees: <c>引用消息：「quoted」</c>, a line break, then <paramref name="prompt"/>.</summary>
    public static string Compose(string prompt, string? quoted) =>
        string.IsNullOrWhiteSpace(quoted) ? prompt : $"{Lead}「{quoted}」\n{prompt}";

    /// <summary>The quoted text as the model is shown it: trimmed, and cut at <see cref="MaxQuotedLength"/> with an ellipsis.</summary>
    public static string? Bound(string? quoted)
    {
        var text = quoted?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length <= MaxQuotedLength)
        {
            return text;
        }

        // Never cut a surrogate pair in two: half an emoji is not text any more.
        var cut = char.IsHighSurrogate(text[MaxQuotedLength - 1]) ? MaxQuotedLength - 1 : MaxQuotedLength;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
