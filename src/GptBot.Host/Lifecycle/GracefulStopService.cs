using GptBot.Chat;
using GptBot.Chat.Dispatch;
using GptBot.OneBot.Transport;
using Microsoft.Extensions.Options;

namespace GptBot.Host.Lifecycle;

/// <summary>
/// A graceful stop (SIGTERM, Ctrl+C, host StopAsync). Runs in StoppingAsync, before any hosted service (Kestrel
/// included) stops: new requests are refused, answers in flight finish within GPT_SHUTDOWN_GRACE_SECONDS (after
/// that each is cut short and its chat told so), and every socket is closed with a close frame. Answers are stored as
/// each completes (the store's append is durable when it returns), so nothing is left to flush after the drain.
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
        dispatcher.StopAccepting();
        var grace = options.Value.ShutdownGrace;
        var pending = dispatcher.Lanes.Pending;
        LogStopping(logger, pending, grace.TotalSeconds);
        if (!await WaitIdleAsync(grace, cancellationToken))
        {
            LogGraceOver(logger, dispatcher.Lanes.Pending);
            dispatcher.AbortInFlight();
            await WaitIdleAsync(NoticeTime, cancellationToken);
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

    private async Task<bool> WaitIdleAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(within, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            await dispatcher.Lanes.WhenIdleAsync(linked.Token);
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
