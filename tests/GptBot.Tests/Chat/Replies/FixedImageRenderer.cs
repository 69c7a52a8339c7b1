using GptBot.Chat.Ports;

namespace GptBot.Tests.Chat.Replies;

internal sealed class FixedImageRenderer(bool available = true) : IReplyImageRenderer
{
    public List<string> Rendered { get; } = [];

    public Task<byte[]?> RenderPngAsync(string text, CancellationToken cancellationToken)
    {
        Rendered.Add(text);
        return Task.FromResult<byte[]?>(available ? [0x89, 0x50, 0x4E, 0x47] : null);
    }
}
