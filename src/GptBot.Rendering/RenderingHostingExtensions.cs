using GptBot.Chat.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.Rendering;

public static class RenderingHostingExtensions
{
    /// <summary>
    /// Registers the SkiaSharp reply image renderer as the chat domain's <see cref="IReplyImageRenderer"/>, drawing as
    /// <see cref="ImageRenderOptions"/> says.
    /// </summary>
    public static IServiceCollection AddReplyImages(this IServiceCollection services)
    {
        services.AddOptions<ImageRenderOptions>();
        services.AddSingleton<IReplyImageRenderer, SkiaReplyImageRenderer>();
        return services;
    }
}
