using GptBot.Chat.Model;

namespace GptBot.Chat.Ports;

/// <summary>
/// Turns an image reference into bytes the model can see. Implemented outside the domain (HTTP, base64 decoding),
/// bounded in size (GPT_IMAGE_INPUT_MAX_BYTES) and time; it never reads a local file.
/// </summary>
public interface IImageFetcher
{
    /// <summary>The image, or null when it cannot be had (refused source, too large, not an image, unreachable); the reason is logged.</summary>
    Task<FetchedImage?> FetchAsync(ImageReference image, CancellationToken cancellationToken);
}

/// <summary>An image's bytes and its media type (<c>image/png</c>, <c>image/jpeg</c>...), as found in the bytes themselves.</summary>
public sealed record FetchedImage(ReadOnlyMemory<byte> Data, string MediaType);
