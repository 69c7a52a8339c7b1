using GptBot.Chat.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.Rendering;

public static class RenderingHostingExtensions
{
    /// <summary>
    /// Registers the SkiaSharp reply image renderer as the chat domain's <see cref="IReplyImageRenderer"/>, drawing as
    /// <see cref="ImageRenderOptions"/> says, and the Markdig converter behind GPT_MARKDOWN=plain.
    /// </summary>
    public static IServiceCollection AddReplyImages(this IServiceCollection services)
    {
        services.AddOptions<ImageRenderOptions>();
        services.AddSingleton<IReplyImageRenderer, SkiaReplyImageRenderer>();
        services.AddSingleton<IMarkdownConverter, Markdown.MarkdigPlainTextConverter>();
        return services;
    }
}
