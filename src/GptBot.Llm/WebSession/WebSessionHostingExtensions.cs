using GptBot.Chat.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Llm.WebSession;

internal static class WebSessionHostingExtensions
{
    /// <summary>
    /// The web-session backend: its <see cref="IChatClient"/> (as <see cref="LlmHostingExtensions.BackendKey"/>), the
    /// <see cref="IBackendSession"/> that <c>/gpt_control refresh_session</c> calls (replacing the stateless default),
    /// and the startup refresh.
    /// </summary>
    public static IServiceCollection AddWebSessionBackend(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new WebSessionTransport(WebSessionHttp.CreateClient(OptionsOf(sp))));
        services.AddSingleton(sp =>
        {
            var root = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            var path = Path.Combine(Path.GetFullPath(OptionsOf(sp).DataDirectory, root), WebSessionTokenFile.FileName);
            return new WebSessionTokenFile(path, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WebSessionTokenFile>>());
        });
        services.AddSingleton(sp => new SessionEndpointClient(sp.GetRequiredService<WebSessionTransport>().Client, OptionsOf(sp)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<WebSessionAuthenticator>(sp, OptionsOf(sp)));
        services.RemoveAll<IBackendSession>();
        services.AddSingleton<IBackendSession>(sp => sp.GetRequiredService<WebSessionAuthenticator>());
        services.AddKeyedSingleton<IChatClient>(LlmHostingExtensions.BackendKey, (sp, _) => ActivatorUtilities.CreateInstance<WebSessionChatClient>(
            sp, sp.GetRequiredService<WebSessionTransport>().Client, OptionsOf(sp)));
        services.AddHostedService<WebSessionStartup>();
        return services;
    }

    private static LlmOptions OptionsOf(IServiceProvider services) => services.GetRequiredService<IOptions<LlmOptions>>().Value;
}
