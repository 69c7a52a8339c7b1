using GptBot.Chat.Model;
using GptBot.Chat.Ports;

namespace GptBot.Chat.Conversations;

/// <summary>The default when the host registers no fetcher: no image can be had, and the model sees the placeholder.</summary>
internal sealed class NoImageFetcher : IImageFetcher
{
    public Task<FetchedImage?> FetchAsync(ImageReference image, CancellationToken cancellationToken) => Task.FromResult<FetchedImage?>(null);
}
