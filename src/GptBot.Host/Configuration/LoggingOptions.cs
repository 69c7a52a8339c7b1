using Serilog.Events;

namespace GptBot.Host.Configuration;

/// <summary>How much the service logs (NoneBot's LOG_LEVEL).</summary>
internal sealed class LoggingOptions
{
    /// <summary>LOG_LEVEL: the least severe level written. Default INFO.</summary>
    public LogEventLevel Level { get; set; } = LogEventLevel.Information;
}
