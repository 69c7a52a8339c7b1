namespace GptBot.Chat.Replies;

/// <summary>What happens to the Markdown in an answer sent as text (GPT_MARKDOWN).</summary>
public enum MarkdownMode
{
    /// <summary>Sent as the model wrote it, symbols and all (as before).</summary>
    Keep,

    /// <summary>Text and merged-forward replies lose the markup and read as plain text; images always draw the Markdown.</summary>
    Plain,
}
