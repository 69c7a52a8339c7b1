using GptBot.Chat.Ports;

namespace GptBot.Chat.Replies;

/// <summary>The default when the host registers no renderer: the image form is skipped.</summary>
internal sealed class NoImageRenderer : IReplyImageRenderer
{
    public byte[]? RenderPng(string text) => null;
}
