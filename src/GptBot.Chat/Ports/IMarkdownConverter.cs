namespace GptBot.Chat.Ports;

/// <summary>
/// Turns a Markdown answer into readable plain text for QQ, which shows Markdown as raw symbols (GPT_MARKDOWN=plain).
/// Implemented outside the domain with a real Markdown parser. Must not throw for any text.
/// </summary>
public interface IMarkdownConverter
{
    /// <summary>
    /// Headings, emphasis, lists, quotes, tables and links become plain text (a link keeps its address); code keeps
    /// its content, without the fences.
    /// </summary>
    string ToPlainText(string markdown);
}
