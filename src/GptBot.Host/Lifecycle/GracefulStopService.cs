using GptBot.Chat;
using GptBot.Chat.Dispatch;
using GptBot.OneBot.Transport;
using Microsoft.Extensions.Options;

namespace GptBot.Host.Lifecycle;

/// <summary>
/// A graceful stop (SIGTERM, Ctrl+C, host StopAsync). Runs in StoppingAsync, before any hosted service (Kestrel
/// included) stops: the chat inbox takes no new messages and the dispatcher finishes what it holds, the lanes drain
/// (answers in flight finish within GPT_SHUTDOWN_GRACE_SECONDS; after that each is cut short and its chat told so), and
/// every socket is closed with a close frame. Answers are stored as each completes (the store's append is durable when
/// it returns), so nothing is left to flush after the drain.
/// </summary>
internal sealed partial class GracefulStopService(
    ChatDispatcher dispatcher,
    ConnectionRegistry registry,
    IOptions<ChatServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<GracefulStopService> logger) : IHostedLifecycleService
{
    /// <summary>Time the cut-short answers get to tell their chats, after the grace period.</summary>
    private static readonly TimeSpan NoticeTime = TimeSpan.FromSeconds(5);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var grace = options.Value.ShutdownGrace;
        using (var graceLimit = new CancellationTokenSource(grace, timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(graceLimit.Token, cancellationToken))
        {
            LogStopping(logger, dispatcher.Lanes.Pending, grace.TotalSeconds);
            if (!await CompletesAsync(DrainAsync(linked.Token)))
            {
                LogGraceOver(logger, dispatcher.Lanes.Pending);
                dispatcher.AbortInFlight();
                using var noticeLimit = new CancellationTokenSource(NoticeTime, timeProvider);
                using var noticeLinked = CancellationTokenSource.CreateLinkedTokenSource(noticeLimit.Token, cancellationToken);
                await CompletesAsync(dispatcher.Lanes.WhenIdleAsync(noticeLinked.Token));
            }
        }

        try
        {
            await registry.CloseAllAsync("server stopping", cancellationToken);
            LogClosed(logger);
        }
        catch (Exception ex)
        {
            // A socket that fails to close is aborted by Kestrel's own stop; the stop itself goes on.
            LogCloseFailed(logger, ex);
        }
    }

    /// <summary>Complete the inbox's writer, await its reader, then the lanes.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await dispatcher.StopTakingAsync(cancellationToken);
        await dispatcher.Lanes.WhenIdleAsync(cancellationToken);
    }

    private static async Task<bool> CompletesAsync(Task drain)
    {
        try
        {
            await drain;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: no new requests; waiting up to {Seconds} s for {Pending} answers in flight")]
    private static partial void LogStopping(ILogger logger, int pending, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPT_SHUTDOWN_GRACE_SECONDS is over with {Pending} answers unfinished; cutting them short and telling their chats")]
    private static partial void LogGraceOver(ILogger logger, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the OneBot connections failed; Kestrel aborts what is left")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped taking requests and closed every OneBot connection")]
    private static partial void LogClosed(ILogger logger);
}
