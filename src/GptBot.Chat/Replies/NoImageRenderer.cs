using GptBot.Chat.Ports;

namespace GptBot.Chat.Replies;

/// <summary>The default when the host registers no renderer: the image form is skipped.</summary>
internal sealed class NoImageRenderer : IReplyImageRenderer
{
    public Task<byte[]?> RenderPngAsync(string text, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
}
