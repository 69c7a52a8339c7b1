namespace GptBot.Chat.Ports;

/// <summary>
/// Counts the tokens a text costs the configured model, so the request can be kept inside GPT_MAX_CONTEXT_TOKENS.
/// The domain only needs a number; the tokenizer itself lives with the LLM adapters.
/// </summary>
/// <remarks>
/// Contract: a count is never more than the text's UTF-8 byte count. Byte-level BPE vocabularies (every OpenAI
/// encoding) give each token at least one byte, and an estimate must stay inside the same bound. The prompt builder
/// relies on it: when a history fits the window by its bytes, no text is counted at all, so a short chat never makes
/// a counter load its vocabulary.
/// </remarks>
public interface ITokenCounter
{
    /// <summary>The text's tokens: at most <c>Encoding.UTF8.GetByteCount(text)</c>.</summary>
    int CountTokens(string text);

    /// <summary>
    /// Which counts <see cref="CountTokens"/> gives now. It changes when the same text may count differently than
    /// before (an exact vocabulary finished loading, replacing an estimate); a count kept under another generation is
    /// counted again. A counter whose counts never change keeps the default.
    /// </summary>
    int Generation => 0;
}
