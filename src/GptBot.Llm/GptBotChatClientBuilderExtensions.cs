using GptBot.Chat.Ports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GptBot.Llm;

/// <summary>The decorators GptBot puts around an LLM backend, for <see cref="ChatClientBuilder"/> chains.</summary>
public static class GptBotChatClientBuilderExtensions
{
    /// <summary>
    /// Gives the transport exceptions of the clients below a <see cref="ChatFailureKind"/>
    /// (<see cref="FailureTranslatingChatClient"/>), so a stock client's failures reach the chat with GptBot's words.
    /// </summary>
    public static ChatClientBuilder UseFailureTranslation(this ChatClientBuilder builder) =>
        builder.Use(inner => new FailureTranslatingChatClient(inner));

    /// <summary>
    /// Microsoft.Extensions.AI's <see cref="LoggingChatClient"/>, only when its category logs at Debug or lower at
    /// start (Serilog's <c>MinimumLevel:Override:Microsoft.Extensions.AI</c>). Otherwise it is left out of the chain:
    /// it would cost a wrapper per answer and log every failed request a second time, at Error with a stack trace,
    /// beside the chat's own warning line.
    /// </summary>
    public static ChatClientBuilder UseLoggingWhenEnabled(this ChatClientBuilder builder) =>
        builder.Use((inner, services) =>
        {
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(LoggingChatClient));
            return logger is not null && logger.IsEnabled(LogLevel.Debug) ? new LoggingChatClient(inner, logger) : inner;
        });
}
