using System.Text;

namespace GptBot.Chat.Ports;

/// <summary>
/// A tokenizer-free estimate: one token per three UTF-8 bytes, rounded up. That is about one token per Chinese
/// character and one per three Latin letters, on the high side of what BPE vocabularies give, so a window sized with it
/// is not overrun, and never more than the text's bytes, as the contract asks. The default when no real tokenizer is
/// registered, and the fallback of those that are.
/// </summary>
public sealed class ApproximateTokenCounter : ITokenCounter
{
    public int CountTokens(string text) => (Encoding.UTF8.GetByteCount(text) + 2) / 3;
}
