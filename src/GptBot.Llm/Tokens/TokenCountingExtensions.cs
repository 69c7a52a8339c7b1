using GptBot.Chat.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GptBot.Llm.Tokens;

public static class TokenCountingExtensions
{
    /// <summary>
    /// Counts tokens for the model of <see cref="LlmOptions"/> (GPT_MODEL), replacing the domain's rough estimate. The
    /// counter is made with the chat's services, when the service starts, so an OpenAI vocabulary is loading before the
    /// first message needs it.
    /// </summary>
    public static IServiceCollection AddTokenCounter(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton(sp => TiktokenTokenCounter.ForModel(sp.GetRequiredService<IOptions<LlmOptions>>().Value.Model)));
        return services;
    }
}
