using GptBot.OneBot.Actions;
using GptBot.OneBot.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GptBot.OneBot;

public static class OneBotHostingExtensions
{
    /// <summary>
    /// Registers the OneBot layer: connection registry, action client, frame router, reverse endpoint and forward dialler.
    /// The caller provides an <see cref="IOneBotEventSink"/> and configures <see cref="OneBotOptions"/>.
    /// </summary>
    public static IServiceCollection AddOneBot(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OneBotOptions>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<OneBotMetrics>();
        services.AddSingleton<OneBotActionClient>();
        services.AddSingleton<IOneBotApi>(sp => sp.GetRequiredService<OneBotActionClient>());
        services.AddSingleton<OneBotFrameRouter>();
        services.AddSingleton<ReverseWebSocketEndpoint>();
        services.AddHostedService<ForwardWebSocketService>();
        return services;
    }

    /// <summary>Maps the reverse WebSocket endpoint on NoneBot's paths.</summary>
    public static IEndpointRouteBuilder MapOneBotReverseWebSocket(this IEndpointRouteBuilder endpoints)
    {
        foreach (var path in ReverseWebSocketEndpoint.Paths)
        {
            endpoints.Map(path, context => context.RequestServices.GetRequiredService<ReverseWebSocketEndpoint>().HandleAsync(context));
        }

        return endpoints;
    }
}
