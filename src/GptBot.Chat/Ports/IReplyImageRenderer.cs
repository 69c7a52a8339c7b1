namespace GptBot.Chat.Ports;

/// <summary>Draws an answer as an image. Implemented outside the domain (SkiaSharp), so the domain stays free of native code.</summary>
public interface IReplyImageRenderer
{
    /// <summary>
    /// The answer as PNG bytes, or null when this renderer cannot draw (no usable font, native library missing):
    /// the caller then tries the next form. Must not throw for any text.
    /// </summary>
    byte[]? RenderPng(string text);
}
