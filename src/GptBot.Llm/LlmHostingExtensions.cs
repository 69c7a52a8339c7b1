using GptBot.Llm.OpenAiCompatible;
using GptBot.Llm.Resilience;
using GptBot.Llm.Tools;
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
    /// Service key of the configured backend's bare <see cref="IChatClient"/>, under the decorators of
    /// <see cref="AddLlm"/>. A new backend registers itself here; tests put a stock client here to run it through
    /// the same chain.
    /// </summary>
    public const string BackendKey = "GptBot.Llm.Backend";

    /// <summary>
    /// Registers the <see cref="IChatClient"/> of <paramref name="backend"/> (GPT_BACKEND: the backends differ in their
    /// services, not only in their settings), configured from <see cref="LlmOptions"/>, with GptBot's decorators around it.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, LlmBackend backend)
    {
        services.AddOptions<LlmOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LlmCircuitMonitor>();
        services.TryAddSingleton<LlmMetrics>();
        if (backend == LlmBackend.Web)
        {
            services.AddWebSessionBackend();
        }
        else
        {
            services.AddSingleton<HttpMessageHandler>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
                return LlmHttpPipeline.Wrap(
                    OpenAiChatClientFactory.CreateHandler(options),
                    options.Resilience,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILoggerFactory>(),
                    options.ApiKeys,
                    sp.GetRequiredService<LlmMetrics>());
            });
            services.AddKeyedSingleton(BackendKey, (sp, _) => OpenAiChatClientFactory.Create(
                sp.GetRequiredService<IOptions<LlmOptions>>().Value, sp.GetRequiredService<HttpMessageHandler>()));
        }

        // Every backend gets the same chain, outermost first. HTTP retries, the circuit breaker and key rotation stay
        // below, on the backend's HttpClient, where a retry can still resend the request. OpenTelemetry is left out
        // until metrics are exported: its client keeps every update of an answer even when nothing listens. The
        // sampling defaults and the tools (GPT_TOOLS) are added above the function invocation that runs the tools,
        // and both links drop out of the chain when nothing is configured for them.
        services.AddTools();
        services.AddChatClient(sp => sp.GetRequiredKeyedService<IChatClient>(BackendKey))
            .UseFailureTranslation()
            .UseLoggingWhenEnabled()
            .UseConfiguredOptions()
            .UseToolInvocation();
        return services;
    }
}
