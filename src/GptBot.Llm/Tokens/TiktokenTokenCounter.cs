using GptBot.Chat.Ports;
using Microsoft.ML.Tokenizers;

namespace GptBot.Llm.Tokens;

/// <summary>
/// Counts tokens with OpenAI's own encodings (o200k_base for GPT-4o and later, cl100k_base for GPT-4 and 3.5), whose
/// vocabularies ship inside the NuGet packages: nothing is downloaded at run time. For a model it does not know
/// (DeepSeek, Qwen, Llama...) it counts with o200k_base plus a 25 % margin: those vocabularies are of the same kind and
/// size, and the margin keeps a less efficient one from overrunning the window.
/// </summary>
public sealed class TiktokenTokenCounter : ITokenCounter
{
    public const double UnknownModelMargin = 1.25;

    private readonly Tokenizer _tokenizer;
    private readonly double _margin;

    private TiktokenTokenCounter(Tokenizer tokenizer, double margin, string encoding)
    {
        _tokenizer = tokenizer;
        _margin = margin;
        Encoding = encoding;
    }

    /// <summary>What the count is based on, for the startup log (e.g. <c>o200k_base</c>, <c>o200k_base +25%</c>).</summary>
    public string Encoding { get; }

    public bool KnowsModel => _margin == 1.0;

    public static TiktokenTokenCounter ForModel(string model)
    {
        // "openai/gpt-4o" (OpenRouter and others) names the same model as "gpt-4o".
        var name = model[(model.LastIndexOf('/') + 1)..].Trim();
        try
        {
            return new TiktokenTokenCounter(TiktokenTokenizer.CreateForModel(name), 1.0, name);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            return new TiktokenTokenCounter(TiktokenTokenizer.CreateForEncoding("o200k_base"), UnknownModelMargin, "o200k_base +25%");
        }
    }

    public int CountTokens(string text) =>
        text.Length == 0 ? 0 : (int)Math.Ceiling(_tokenizer.CountTokens(text) * _margin);
}
