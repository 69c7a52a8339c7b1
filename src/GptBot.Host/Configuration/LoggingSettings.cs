using Serilog.Events;

namespace GptBot.Host.Configuration;

/// <summary>NoneBot's LOG_LEVEL, GPT_LOG_FORMAT and GPT_LOG_FILE onto <see cref="LoggingOptions"/>.</summary>
internal static class LoggingSettings
{
    /// <summary>NoneBot's level names (loguru's: TRACE, DEBUG, INFO, SUCCESS, WARNING, ERROR, CRITICAL) and a few aliases.</summary>
    private static readonly Dictionary<string, LogEventLevel> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TRACE"] = LogEventLevel.Verbose,
        ["DEBUG"] = LogEventLevel.Debug,
        ["INFO"] = LogEventLevel.Information,
        ["SUCCESS"] = LogEventLevel.Information,
        ["INFORMATION"] = LogEventLevel.Information,
        ["WARNING"] = LogEventLevel.Warning,
        ["WARN"] = LogEventLevel.Warning,
        ["ERROR"] = LogEventLevel.Error,
        ["CRITICAL"] = LogEventLevel.Fatal,
        ["FATAL"] = LogEventLevel.Fatal,
    };

    private static readonly Dictionary<string, LogFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = LogFormat.Text,
        ["json"] = LogFormat.Json,
    };

    public static FlatSection<LoggingOptions> Section { get; } = new FlatSection<LoggingOptions>()
        .Add(FlatSetting.Choice("LOG_LEVEL", "must be TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL", Levels), o => o.Level, (o, v) => o.Level = v)
        .Add(FlatSetting.Choice("GPT_LOG_FORMAT", "must be text or json", Formats), o => o.Format, (o, v) => o.Format = v)
        .Add(FlatSetting.Text("GPT_LOG_FILE"), o => o.File, (o, v) => o.File = v);
}
