using Serilog.Events;

namespace GptBot.Host.Configuration;

/// <summary>How each log line is written.</summary>
internal enum LogFormat
{
    /// <summary>One readable line per event (the journal's own format under systemd).</summary>
    Text,

    /// <summary>One JSON object per line (Serilog's compact format: <c>@t</c>, <c>@l</c>, <c>@mt</c>, properties).</summary>
    Json,
}

/// <summary>How much the service logs (NoneBot's LOG_LEVEL), in which format, and whether to a file too.</summary>
internal sealed class LoggingOptions
{
    /// <summary>LOG_LEVEL: the least severe level written. Default INFO.</summary>
    public LogEventLevel Level { get; set; } = LogEventLevel.Information;

    /// <summary>GPT_LOG_FORMAT: <c>text</c> or <c>json</c>, for the console and the file alike. Default text.</summary>
    public LogFormat Format { get; set; } = LogFormat.Text;

    /// <summary>
    /// GPT_LOG_FILE: also write the log to this file, a new one each day (<c>gptbot.log</c> → <c>gptbot20250101.log</c>),
    /// keeping the last <see cref="RetainedFiles"/>; readable by the service's user alone. Default none.
    /// </summary>
    public string File { get; set; } = string.Empty;

    /// <summary>How many daily log files are kept; older ones are deleted.</summary>
    public const int RetainedFiles = 7;
}
