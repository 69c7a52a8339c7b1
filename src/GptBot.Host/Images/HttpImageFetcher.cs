using System.Buffers;
using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Options;

namespace GptBot.Host.Images;

/// <summary>
/// Gets a user's image for the model: an <c>http(s)</c> URL is downloaded with the named client
/// <see cref="ClientName"/>, <c>base64://</c> data is decoded, anything else (<c>file://</c>, a local path, a cache name)
/// is refused without being opened. Both are bounded by GPT_IMAGE_INPUT_MAX_BYTES, a download also by
/// <see cref="FetchTimeout"/> within the answer's GPT_TIMEOUT. Loopback and private addresses are allowed on purpose:
/// implementations serve images from their own host or container network.
/// </summary>
internal sealed partial class HttpImageFetcher(IHttpClientFactory clients, IOptions<ChatServiceOptions> options, ILogger<HttpImageFetcher> logger) : IImageFetcher
{
    public const string ClientName = "GptBot.Images";

    /// <summary>Time for one download; QQ's image servers answer well within it, and a hanging one must not take the whole answer's time.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private const string Base64Scheme = "base64://";

    public async Task<FetchedImage?> FetchAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.ImageInputMaxBytes;
        var source = image.Source;
        if (source.StartsWith(Base64Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Decode(image, source.AsSpan(Base64Scheme.Length), maxBytes);
        }

        if (!Uri.TryCreate(source, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            LogRefused(logger, image);
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        try
        {
            return await DownloadAsync(image, url, maxBytes, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, image, $"no answer within {FetchTimeout.TotalSeconds:0} s");
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            LogFailed(logger, image, ex.Message);
            return null;
        }
    }

    private async Task<FetchedImage?> DownloadAsync(ImageReference image, Uri url, int maxBytes, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            LogFailed(logger, image, $"HTTP {(int)response.StatusCode}");
            return null;
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            LogTooLarge(logger, image, response.Content.Headers.ContentLength.Value, maxBytes);
            return null;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var bytes = await ReadBoundedAsync(body, maxBytes, cancellationToken);
        if (bytes is null)
        {
            LogTooLarge(logger, image, maxBytes + 1L, maxBytes);
            return null;
        }

        return Typed(image, bytes, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The whole body, or null as soon as it grows past <paramref name="maxBytes"/> (a missing or false Content-Length).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes + 1, 64 * 1024));
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }

    private FetchedImage? Decode(ImageReference image, ReadOnlySpan<char> base64, int maxBytes)
    {
        // Checked before decoding: the payload came in one event and is already bounded by the frame size, but the
        // decoded copy must not be made for an image the model would never be given.
        if ((long)base64.Length * 3 / 4 > maxBytes + 2)
        {
            LogTooLarge(logger, image, (long)base64.Length * 3 / 4, maxBytes);
            return null;
        }

        var bytes = new byte[(base64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(base64, bytes, out var written))
        {
            LogFailed(logger, image, "the base64 data is not valid");
            return null;
        }

        return Typed(image, bytes.AsMemory(0, written), declared: null);
    }

    /// <summary>The image with the media type its bytes show (the header may say octet-stream); null for bytes that are no image.</summary>
    private FetchedImage? Typed(ImageReference image, ReadOnlyMemory<byte> bytes, string? declared)
    {
        var mediaType = ImageMediaType.Sniff(bytes.Span) ?? (declared is not null && declared.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? declared : null);
        if (mediaType is null)
        {
            LogFailed(logger, image, "the data is not an image");
            return null;
        }

        return new FetchedImage(bytes, mediaType);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the image at {Image}: only http(s) URLs and base64 data are read, never a local file")]
    private static partial void LogRefused(ILogger logger, ImageReference image);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not get the image at {Image}: {Reason}; the model sees a placeholder")]
    private static partial void LogFailed(ILogger logger, ImageReference image, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The image at {Image} has {Bytes} bytes or more, over GPT_IMAGE_INPUT_MAX_BYTES={Limit}; the model sees a placeholder")]
    private static partial void LogTooLarge(ILogger logger, ImageReference image, long bytes, int limit);
}
