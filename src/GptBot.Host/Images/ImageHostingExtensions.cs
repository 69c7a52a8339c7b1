using System.Net;
using GptBot.Chat.Ports;

namespace GptBot.Host.Images;

internal static class ImageHostingExtensions
{
    /// <summary>
    /// The <see cref="IImageFetcher"/> of the chat's image port: a named HttpClient with no proxy and no cookies (the
    /// images live at the QQ implementation), a few redirects and no time limit of its own (the fetcher sets one per image).
    /// </summary>
    public static IServiceCollection AddImageFetching(this IServiceCollection services)
    {
        services.AddHttpClient(HttpImageFetcher.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 3,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                AutomaticDecompression = DecompressionMethods.All,
            });
        services.AddSingleton<IImageFetcher, HttpImageFetcher>();
        return services;
    }
}
