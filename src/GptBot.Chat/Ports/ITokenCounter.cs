namespace GptBot.Chat.Ports;

/// <summary>
/// Counts the tokens a text costs the configured model, so the request can be kept inside GPT_MAX_CONTEXT_TOKENS.
/// The domain only needs a number; the tokenizer itself lives with the LLM adapters.
/// </summary>
public interface ITokenCounter
{
    int CountTokens(string text);

    /// <summary>
    /// Which counts <see cref="CountTokens"/> gives now. It changes when the same text may count differently than
    /// before (an exact vocabulary finished loading, replacing an estimate); a count kept under another generation is
    /// counted again. A counter whose counts never change keeps the default.
    /// </summary>
    int Generation => 0;
}
