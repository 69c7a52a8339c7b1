namespace GptBot.Chat.Ports;

/// <summary>
/// Counts the tokens a text costs the configured model, so the request can be kept inside GPT_MAX_CONTEXT_TOKENS.
/// The domain only needs a number; the tokenizer itself lives with the LLM adapters.
/// </summary>
public interface ITokenCounter
{
    int CountTokens(string text);
}
