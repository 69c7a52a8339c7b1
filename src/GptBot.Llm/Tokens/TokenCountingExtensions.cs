using GptBot.Chat.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GptBot.Llm.Tokens;

public static class TokenCountingExtensions
{
    /// <summary>Counts tokens for <paramref name="model"/> (GPT_MODEL), replacing the domain's rough estimate.</summary>
    public static IServiceCollection AddTokenCounter(this IServiceCollection services, string model)
    {
        services.Replace(ServiceDescriptor.Singleton<ITokenCounter>(_ => TiktokenTokenCounter.ForModel(model)));
        return services;
    }
}
