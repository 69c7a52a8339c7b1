using GptBot.Chat.Ports;
using GptBot.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GptBot.Persistence;

public static class PersistenceHostingExtensions
{
    /// <summary>Makes the SQLite store the <see cref="IConversationStore"/>, whether registered before or after AddChat.</summary>
    public static IServiceCollection AddSqliteConversationStore(this IServiceCollection services, SqliteStoreOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => new SqliteConversationStore(options, sp.GetRequiredService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<IConversationStore>(sp => sp.GetRequiredService<SqliteConversationStore>()));
        services.AddHostedService<SqliteStoreMaintenance>();
        return services;
    }
}
