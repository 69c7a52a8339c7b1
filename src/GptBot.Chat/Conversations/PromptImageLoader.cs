using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Conversations;

/// <summary>
/// Gets the images of a prompt for the model when GPT_VISION is on: at most <see cref="MaxImages"/>, fetched side by
/// side within the answer's own time (GPT_TIMEOUT). With vision off nothing is fetched or decoded at all.
/// </summary>
public sealed partial class PromptImageLoader(IImageFetcher fetcher, IOptions<ChatServiceOptions> options, ILogger<PromptImageLoader> logger)
{
    /// <summary>Images one prompt may show the model; a message rarely has more, and each costs the provider a good many tokens.</summary>
    public const int MaxImages = 4;

    /// <summary>Whether the model is to see this message's images (and the history to keep their placeholders).</summary>
    public bool Shows(IncomingMessage message) => options.Value.Vision && message.Images.Count > 0;

    /// <summary>
    /// The images in order, a null entry for each that could not be had; empty when the model sees none (without
    /// allocating: that is every answer of a text chat).
    /// </summary>
    public ValueTask<IReadOnlyList<FetchedImage?>> LoadAsync(IncomingMessage message, CancellationToken cancellationToken) =>
        Shows(message) ? new ValueTask<IReadOnlyList<FetchedImage?>>(FetchAsync(message, cancellationToken)) : new ValueTask<IReadOnlyList<FetchedImage?>>([]);

    private async Task<IReadOnlyList<FetchedImage?>> FetchAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.Images.Count > MaxImages)
        {
            LogTooMany(logger, message.Key, message.Images.Count, MaxImages);
        }

        var fetches = message.Images.Take(MaxImages).Select(image => fetcher.FetchAsync(image, cancellationToken));
        return await Task.WhenAll(fetches);
    }

    /// <summary>The text stored for a user turn with images: one placeholder per image, then what the user wrote.</summary>
    public static string StoredText(string prompt, int imageCount) =>
        imageCount == 0 ? prompt : string.Concat(Enumerable.Repeat(ImageReference.Placeholder, imageCount)) + (prompt.Length > 0 ? " " + prompt : string.Empty);

    [LoggerMessage(Level = LogLevel.Information, Message = "A prompt in {Conversation} has {Count} images; the model sees the first {Max}")]
    private static partial void LogTooMany(ILogger logger, ConversationKey conversation, int count, int max);
}
