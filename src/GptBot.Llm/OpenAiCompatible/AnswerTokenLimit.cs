namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// Which request field carries the answer's token limit. OpenAI's reasoning families (o1, o3, o4... and gpt-5) refuse
/// <c>max_tokens</c> with a 400 and take <c>max_completion_tokens</c>; every other OpenAI-compatible server (DeepSeek,
/// Qwen, Ollama, vLLM, older OpenAI models) knows <c>max_tokens</c>, while not all of them know the newer name. So
/// the newer name is used for exactly those families, recognised by a bare model name that starts with <c>o</c> and a
/// digit, or with <c>gpt-5</c> (any case). A name with a provider prefix (<c>openai/o3-mini</c>) goes through a relay
/// such as OpenRouter, which takes <c>max_tokens</c> and translates it itself.
/// </summary>
internal static class AnswerTokenLimit
{
    public static ReadOnlySpan<byte> MaxTokens => "max_tokens"u8;

    public static ReadOnlySpan<byte> MaxCompletionTokens => "max_completion_tokens"u8;

    public static bool NeedsMaxCompletionTokens(string model) =>
        (model.Length >= 2 && model[0] is 'o' or 'O' && char.IsAsciiDigit(model[1]))
        || model.StartsWith("gpt-5", StringComparison.OrdinalIgnoreCase);
}
