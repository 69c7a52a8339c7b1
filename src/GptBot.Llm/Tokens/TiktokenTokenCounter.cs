using GptBot.Chat.Ports;
using Microsoft.ML.Tokenizers;

namespace GptBot.Llm.Tokens;

/// <summary>
/// Counts tokens with OpenAI's own encodings (o200k_base for GPT-4o and later, cl100k_base for GPT-4 and 3.5), whose
/// vocabularies ship inside the NuGet packages: nothing is downloaded at run time. A vocabulary costs about 40 MB of
/// heap and a second or two to load, so it loads in the background when the first text is counted (an idle service,
/// and one whose chats all fit the window by their bytes, does not hold it); until it is ready, and for models it does not know (DeepSeek, Qwen, Llama...), counts come from
/// <see cref="ApproximateTokenCounter"/>, which errs high. The switch to exact counts is a new <see cref="Generation"/>.
/// </summary>
public sealed class TiktokenTokenCounter : ITokenCounter
{
    // Longest prefix first: "gpt-4o" before "gpt-4".
    private static readonly (string Prefix, string Encoding)[] Families =
    [
        ("gpt-4o", "o200k_base"), ("chatgpt-4o", "o200k_base"), ("gpt-4.1", "o200k_base"), ("gpt-4.5", "o200k_base"),
        ("gpt-5", "o200k_base"), ("gpt-oss", "o200k_base"), ("o1", "o200k_base"), ("o3", "o200k_base"), ("o4", "o200k_base"),
        ("gpt-4", "cl100k_base"), ("gpt-3.5", "cl100k_base"), ("gpt-35", "cl100k_base"),
    ];

    private static readonly ApproximateTokenCounter Fallback = new();

    // The vocabulary's counting as a plain delegate: a field typed with the tokenizer library's own types would load
    // that library with this class, at start, before any text needs counting.
    private readonly Lazy<Task<Func<string, int>>> _tokenizer;

    private TiktokenTokenCounter(string encoding)
    {
        Encoding = encoding;
        _tokenizer = new(() => Task.Run(() => Load(encoding)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Encoding { get; }

    /// <summary>Starts loading the vocabulary if nothing has yet; completes when it is loaded and counts are exact.</summary>
    public Task Ready => _tokenizer.Value;

    /// <summary>0 while counts are estimates, 1 once they are exact.</summary>
    public int Generation => _tokenizer.IsValueCreated && _tokenizer.Value.IsCompletedSuccessfully ? 1 : 0;

    /// <summary>The exact counter for an OpenAI model (e.g. <c>gpt-4o-mini</c>, <c>openai/gpt-4o</c>), else the estimate.</summary>
    public static ITokenCounter ForModel(string model)
    {
        var name = model[(model.LastIndexOf('/') + 1)..].Trim().ToLowerInvariant();
        foreach (var (prefix, encoding) in Families)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new TiktokenTokenCounter(encoding);
            }
        }

        return Fallback;
    }

    public int CountTokens(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var tokenizer = _tokenizer.Value;
        return tokenizer.IsCompletedSuccessfully ? tokenizer.Result(text) : Fallback.CountTokens(text);
    }

    private static Func<string, int> Load(string encoding)
    {
        var tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);
        return text => tokenizer.CountTokens(text);
    }
}
