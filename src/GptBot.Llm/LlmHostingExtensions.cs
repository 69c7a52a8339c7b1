using GptBot.Llm.OpenAiCompatible;
using GptBot.Llm.WebSession;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.Llm;

public static class LlmHostingExtensions
{
    /// <summary>Registers the <see cref="IChatClient"/> of the configured backend.</summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, LlmOptions options)
    {
        services.AddSingleton(options);
        if (options.Backend == LlmBackend.Web)
        {
            return services.AddWebSessionBackend(options);
        }

        services.AddSingleton<HttpMessageHandler>(_ => OpenAiChatClientFactory.CreateHandler(options));
        services.AddSingleton(sp => OpenAiChatClientFactory.Create(options, sp.GetRequiredService<HttpMessageHandler>()));
        return services;
    }
}
