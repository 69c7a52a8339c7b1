using GptBot.Chat.Ports;

namespace GptBot.Tests.Chat.Replies;

internal sealed class FixedImageRenderer(bool available = true) : IReplyImageRenderer
{
    public List<string> Rendered { get; } = [];

    public byte[]? RenderPng(string text)
    {
        Rendered.Add(text);
        return available ? [0x89, 0x50, 0x4E, 0x47] : null;
    }
}
