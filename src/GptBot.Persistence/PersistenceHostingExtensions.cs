using GptBot.Chat;
using GptBot.Chat.Conversations;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using GptBot.Chat.Usage;
using GptBot.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GptBot.Persistence;

public static class PersistenceHostingExtensions
{
    /// <summary>
    /// Makes the store that <see cref="StoreOptions.Kind"/> names (GPT_STORE) the <see cref="IConversationStore"/> and
    /// the <see cref="IChatSettingsStore"/> and the <see cref="IUsageLedger"/> (they live in the same file), whether
    /// registered before or after AddChat. The SQLite file is opened only when that store is chosen.
    /// </summary>
    public static IServiceCollection AddConversationStore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StoreOptions>();
        services.AddSingleton<SqliteConversationStore>();
        services.Replace(ServiceDescriptor.Singleton<IConversationStore>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Kind switch
        {
            StoreKind.Memory => ActivatorUtilities.CreateInstance<InMemoryConversationStore>(sp),
            _ => sp.GetRequiredService<SqliteConversationStore>(),
        }));
        services.AddSingleton<SqliteChatSettingsStore>();
        services.Replace(ServiceDescriptor.Singleton<IChatSettingsStore>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Kind switch
        {
            StoreKind.Memory => new InMemoryChatSettingsStore(sp.GetRequiredService<IOptions<ChatServiceOptions>>()),
            _ => sp.GetRequiredService<SqliteChatSettingsStore>(),
        }));
        services.AddSingleton<SqliteUsageLedger>();
        services.Replace(ServiceDescriptor.Singleton<IUsageLedger>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Kind switch
        {
            StoreKind.Memory => new InMemoryUsageLedger(),
            _ => sp.GetRequiredService<SqliteUsageLedger>(),
        }));
        services.Replace(ServiceDescriptor.Singleton<IConversationCatalog>(sp => (IConversationCatalog)sp.GetRequiredService<IConversationStore>()));
        services.AddHostedService<SqliteStoreMaintenance>();
        return services;
    }
}
