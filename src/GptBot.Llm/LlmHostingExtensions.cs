using GptBot.Llm.OpenAiCompatible;
using GptBot.Llm.Resilience;
using GptBot.Llm.WebSession;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

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

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HttpMessageHandler>(sp => LlmHttpPipeline.Wrap(
            OpenAiChatClientFactory.CreateHandler(options),
            options.Resilience,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            options.ApiKeys));
        services.AddSingleton(sp => OpenAiChatClientFactory.Create(options, sp.GetRequiredService<HttpMessageHandler>()));
        return services;
    }
}
