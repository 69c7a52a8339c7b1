using GptBot.Host.Configuration;
using GptBot.Host.Service;
using Serilog;
using Serilog.Core;
using Serilog.Formatting.Compact;

namespace GptBot.Host.Logging;

/// <summary>
/// Where log lines go: the console (a readable line, the journal's format under systemd, or one JSON object a line
/// with GPT_LOG_FORMAT=json) and, with GPT_LOG_FILE, a daily file in the same format. Every sink sits behind its own
/// <see cref="RedactingSink"/>: a line may quote what the service does not control (a provider's error body, an
/// exception's message), and no sink may see it unredacted.
/// </summary>
internal static class LogSinks
{
    private const string TextTemplate = "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    // A file outlives the day it was written on, so each line carries the date and the offset.
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static LoggerConfiguration WriteTo(LoggerConfiguration logger, LoggingOptions options, SecretRedactor redactor)
    {
        logger.WriteTo.Sink(new RedactingSink(Console(options.Format), redactor));
        if (options.File.Length > 0)
        {
            logger.WriteTo.Sink(new RedactingSink(File(options.File, options.Format), redactor));
        }

        return logger;
    }

    /// <summary>A terminal or <c>docker logs</c> gets the time on each line; the journal stamps lines itself and reads the level from a prefix.</summary>
    private static Logger Console(LogFormat format)
    {
        var console = new LoggerConfiguration().MinimumLevel.Verbose();
        return (format switch
        {
            // The message rendered (@m) beside its template and properties: jq and log collectors read either.
            LogFormat.Json => console.WriteTo.Console(new RenderedCompactJsonFormatter()),
            _ when ServiceManagers.UnderSystemd => console.WriteTo.Console(new JournalFormatter()),
            _ => console.WriteTo.Console(outputTemplate: TextTemplate),
        }).CreateLogger();
    }

    /// <summary>
    /// A new file each day (<c>gptbot.log</c> → <c>gptbot20250101.log</c>), the last <see cref="LoggingOptions.RetainedFiles"/>
    /// kept, each readable by the service's user alone: the log names chats and users.
    /// </summary>
    private static Logger File(string path, LogFormat format)
    {
        var full = Path.GetFullPath(path);
        OwnerOnlyLogFile.EnsureDirectory(Path.GetDirectoryName(full)!);
        var file = new LoggerConfiguration().MinimumLevel.Verbose();
        return (format == LogFormat.Json
            ? file.WriteTo.File(
                new RenderedCompactJsonFormatter(), full, rollingInterval: RollingInterval.Day, retainedFileCountLimit: LoggingOptions.RetainedFiles, hooks: new OwnerOnlyLogFile())
            : file.WriteTo.File(
                full, outputTemplate: FileTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture, rollingInterval: RollingInterval.Day, retainedFileCountLimit: LoggingOptions.RetainedFiles, hooks: new OwnerOnlyLogFile()))
            .CreateLogger();
    }
}
