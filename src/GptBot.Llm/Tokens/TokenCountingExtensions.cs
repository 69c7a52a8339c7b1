using GptBot.Chat.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GptBot.Llm.Tokens;

public static class TokenCountingExtensions
{
    /// <summary>
    /// Counts tokens for <paramref name="model"/> (GPT_MODEL), replacing the domain's rough estimate. Created here, at
    /// start, so an OpenAI vocabulary is loading before the first message needs it.
    /// </summary>
    public static IServiceCollection AddTokenCounter(this IServiceCollection services, string model)
    {
        services.Replace(ServiceDescriptor.Singleton(TiktokenTokenCounter.ForModel(model)));
        return services;
    }
}
