using GptBot.Chat.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Conversations;

/// <summary>
/// With GPT_CONTEXT_EXPIRE_MINUTES set, periodically forgets every conversation idle for that long, in memory and on
/// disk, so idle chats do not accumulate. (A chat that speaks again before a sweep is expired on load by the responder.)
/// </summary>
public sealed partial class IdleConversationSweeper(
    IConversationStore store,
    IOptions<ChatServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<IdleConversationSweeper> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    /// <summary>A tenth of the expiry, between one second and one minute: late by at most that, at a negligible cost.</summary>
    public static TimeSpan PeriodFor(TimeSpan expiry) =>
        TimeSpan.FromTicks(Math.Clamp(expiry.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));

    /// <summary>Runs one sweep now; returns how many conversations were forgotten (zero if expiry is off or it failed).</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var expiry = options.Value.ContextExpiry;
        if (expiry <= TimeSpan.Zero || store is not IIdleConversationPurge purge)
        {
            return 0;
        }

        try
        {
            var forgotten = await purge.ForgetIdleAsync(timeProvider.GetUtcNow() - expiry, cancellationToken);
            if (forgotten > 0)
            {
                LogForgotten(logger, forgotten, expiry.TotalMinutes);
            }

            return forgotten;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed sweep (disk full, locked file) must not stop the service; the next one tries again.
            LogSweepFailed(logger, ex);
            return 0;
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var expiry = options.Value.ContextExpiry;
        if (expiry > TimeSpan.Zero && store is not IIdleConversationPurge)
        {
            LogUnsupported(logger, store.GetType().Name);
        }
        else if (expiry > TimeSpan.Zero)
        {
            // Started here, not in ExecuteAsync (which runs later on the pool), so the first period counts from the start.
            _timer = new PeriodicTimer(PeriodFor(expiry), timeProvider);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is not { } timer)
        {
            return;
        }

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepOnceAsync(stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} conversations idle for {Minutes} minutes (GPT_CONTEXT_EXPIRE_MINUTES)")]
    private static partial void LogForgotten(ILogger logger, int count, double minutes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweeping idle conversations failed; retrying at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPT_CONTEXT_EXPIRE_MINUTES is set but the store {Store} cannot sweep; chats expire only when they speak again")]
    private static partial void LogUnsupported(ILogger logger, string store);
}
