using GptBot.Llm.OpenAiCompatible;
using GptBot.Llm.Resilience;
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
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HttpMessageHandler>(sp => LlmHttpPipeline.Wrap(
            OpenAiChatClientFactory.CreateHandler(options),
            options.Resilience,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            options.Backend == LlmBackend.Api ? options.ApiKeys : null));
        services.AddSingleton(sp => OpenAiChatClientFactory.Create(options, sp.GetRequiredService<HttpMessageHandler>()));
        return services;
    }
}
