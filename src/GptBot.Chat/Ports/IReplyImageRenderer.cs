namespace GptBot.Chat.Ports;

/// <summary>Draws an answer as an image. Implemented outside the domain (SkiaSharp), so the domain stays free of native code.</summary>
public interface IReplyImageRenderer
{
    /// <summary>
    /// The answer as PNG bytes, or null when this renderer cannot draw it (no usable font, native library missing, an
    /// image too large): the caller then tries the next form. Must not throw for any text; waiting for another drawing
    /// to finish must not hold the caller's thread.
    /// </summary>
    Task<byte[]?> RenderPngAsync(string text, CancellationToken cancellationToken);
}
