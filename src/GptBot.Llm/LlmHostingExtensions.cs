using GptBot.Llm.OpenAiCompatible;
using GptBot.Llm.Resilience;
using GptBot.Llm.WebSession;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Llm;

public static class LlmHostingExtensions
{
    /// <summary>
    /// Registers the <see cref="IChatClient"/> of <paramref name="backend"/> (GPT_BACKEND: the backends differ in their
    /// services, not only in their settings), configured from <see cref="LlmOptions"/>.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, LlmBackend backend)
    {
        services.AddOptions<LlmOptions>();
        if (backend == LlmBackend.Web)
        {
            return services.AddWebSessionBackend();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HttpMessageHandler>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            return LlmHttpPipeline.Wrap(
                OpenAiChatClientFactory.CreateHandler(options),
                options.Resilience,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                options.ApiKeys);
        });
        services.AddSingleton(sp => OpenAiChatClientFactory.Create(sp.GetRequiredService<IOptions<LlmOptions>>().Value, sp.GetRequiredService<HttpMessageHandler>()));
        return services;
    }
}
