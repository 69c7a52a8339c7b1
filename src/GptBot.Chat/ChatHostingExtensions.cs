using GptBot.Chat.Commands;
using GptBot.Chat.Conversations;
using GptBot.Chat.Dispatch;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;
using GptBot.Chat.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GptBot.Chat;

public static class ChatHostingExtensions
{
    /// <summary>
    /// Registers the chat domain. The caller provides an <c>IChatClient</c> and an <see cref="IReplyTransport"/>, and
    /// posts incoming messages to the <see cref="ChatInbox"/>, and an <c>IMeterFactory</c> for <see cref="ChatMetrics"/>
    /// (every generic host has one); the in-memory store and usage ledger and the stateless backend session are defaults
    /// that can be replaced.
    /// </summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ChatServiceOptions>();
        services.TryAddSingleton<IConversationStore, InMemoryConversationStore>();
        // The console's list of chats comes from whichever store holds them.
        services.TryAddSingleton<IConversationCatalog>(sp => sp.GetRequiredService<IConversationStore>() as IConversationCatalog
            ?? throw new InvalidOperationException("the conversation store does not list its conversations (IConversationCatalog)"));
        services.TryAddSingleton<IBackendSession, StatelessBackendSession>();
        services.TryAddSingleton<ITokenCounter, ApproximateTokenCounter>();
        services.TryAddSingleton<IUsageLedger, InMemoryUsageLedger>();
        services.AddSingleton<TokenBudget>();
        services.AddSingleton<IChatStatusLine, TodayTokensStatusLine>();
        services.AddHostedService<IdleConversationSweeper>();
        services.AddSingleton<CommandMatcher>();
        services.AddSingleton<RequestIntervalGate>();
        services.AddSingleton<ILlmRequestGate>(sp => sp.GetRequiredService<RequestIntervalGate>());
        services.TryAddSingleton<ChatMetrics>();
        services.AddSingleton(sp =>
        {
            var lanes = ActivatorUtilities.CreateInstance<ConversationLanes>(sp);
            sp.GetRequiredService<ChatMetrics>().Observe(lanes);
            return lanes;
        });
        services.AddOptions<ReplyOptions>();
        services.TryAddSingleton<IReplyImageRenderer, NoImageRenderer>();
        services.AddSingleton<ReplyPacer>();
        services.AddSingleton<ReplySender>();
        services.AddSingleton<ReplyFormMemory>();
        services.AddSingleton<ReplyFormPolicy>();
        services.AddSingleton<ReplyCascade>();
        services.AddSingleton<ReplyWriterFactory>();
        services.AddSingleton<UserRateLimiter>();
        services.AddSingleton<RefusalNotices>();
        services.AddSingleton<PromptBuilder>();
        services.TryAddSingleton<IImageFetcher, NoImageFetcher>();
        services.AddSingleton<PromptImageLoader>();
        services.AddSingleton<ChatResponder>();
        services.TryAddSingleton<IChatSettingsStore, InMemoryChatSettingsStore>();
        services.TryAddSingleton<IPersonaCatalog, NoPersonaCatalog>();
        services.AddSingleton<ChatSettingsCommands>();
        services.AddSingleton<AccessCommands>();
        services.AddSingleton<ControlCommandHandler>();
        services.AddSingleton<ChatInbox>();
        services.AddSingleton<ChatDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ChatDispatcher>());
        return services;
    }
}
