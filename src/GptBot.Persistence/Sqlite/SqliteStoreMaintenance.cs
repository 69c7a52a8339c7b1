using GptBot.Chat.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Persistence.Sqlite;

/// <summary>
/// Opens the chosen store when the service starts (so a bad GPT_DATA_DIR stops the start with a clear message instead
/// of failing the first chat) and, for the SQLite store, periodically evicts cold conversations from memory.
/// </summary>
internal sealed partial class SqliteStoreMaintenance(
    IConversationStore chosen,
    IOptions<StoreOptions> options,
    TimeProvider timeProvider,
    ILogger<SqliteStoreMaintenance> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (chosen is not SqliteConversationStore store)
        {
            // The memory store has nothing to open or evict.
            return Task.CompletedTask;
        }

        if (store.Upgrade is { MigratedExistingFile: true } upgrade)
        {
            LogMigrated(logger, store.FilePath, upgrade.FromVersion, upgrade.ToVersion, upgrade.BackupPath!);
        }

        foreach (var tightened in store.Tightened)
        {
            if (tightened.Failure is null)
            {
                LogTightened(logger, tightened.Path, TightenedMode.Octal(tightened.Was), TightenedMode.Octal(tightened.Now));
            }
            else
            {
                LogNotTightened(logger, tightened.Path, TightenedMode.Octal(tightened.Was), tightened.Failure);
            }
        }

        LogOpened(logger, store.FilePath);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var store = (SqliteConversationStore)chosen; // started only for the SQLite store
        var period = TimeSpan.FromTicks(Math.Clamp(options.Value.CacheIdle.Ticks / 4, TimeSpan.TicksPerSecond, 5 * TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(period, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var evicted = store.EvictCold();
            if (evicted > 0)
            {
                LogEvicted(logger, evicted, store.CachedCount);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversations are stored in {Path}")]
    private static partial void LogOpened(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upgraded {Path} from schema version {From} to {To}; the file as it was is kept in {BackupPath} (to go back to the older GptBot, restore it while GptBot is stopped)")]
    private static partial void LogMigrated(ILogger logger, string path, int from, int to, string backupPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} could be read by other local users (mode {Was}); changed to {Now}, the service's user alone")]
    private static partial void LogTightened(ILogger logger, string path, string was, string now);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} can be read by other local users (mode {Was}) and its mode could not be changed ({Reason}); chmod it to the service's user alone")]
    private static partial void LogNotTightened(ILogger logger, string path, string was, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evicted {Count} idle conversations from memory ({Remaining} remain cached)")]
    private static partial void LogEvicted(ILogger logger, int count, int remaining);
}
