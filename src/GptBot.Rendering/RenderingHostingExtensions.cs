using GptBot.Chat.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GptBot.Rendering;

public static class RenderingHostingExtensions
{
    /// <summary>Registers the SkiaSharp reply image renderer as the chat domain's <see cref="IReplyImageRenderer"/>.</summary>
    public static IServiceCollection AddReplyImages(this IServiceCollection services, ImageRenderOptions options)
    {
        services.AddSingleton<IOptions<ImageRenderOptions>>(Options.Create(options));
        services.AddSingleton<IReplyImageRenderer, SkiaReplyImageRenderer>();
        return services;
    }
}
