using GptBot.Host.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace GptBot.Host.Logging;

/// <summary>
/// Hands each log event on with its secrets taken out of every text it carries (its string values, its exception, its
/// template), so the sink behind it formats the line exactly as before: a log line can quote what the service does not
/// control (a provider's error body, an exception's message).
/// </summary>
internal sealed class RedactingSink(ILogEventSink inner, SecretRedactor redactor) : ILogEventSink, IDisposable
{
    private readonly MessageTemplateParser _parser = new();

    public void Emit(LogEvent logEvent) => inner.Emit(Redact(logEvent));

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private LogEvent Redact(LogEvent logEvent)
    {
        var changed = false;
        var template = logEvent.MessageTemplate;
        if (redactor.Redact(template.Text) is var text && text != template.Text)
        {
            template = _parser.Parse(text);
            changed = true;
        }

        var properties = new List<LogEventProperty>(logEvent.Properties.Count);
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string original } && redactor.Redact(original) is var redacted && redacted != original)
            {
                properties.Add(new LogEventProperty(name, new ScalarValue(redacted)));
                changed = true;
            }
            else
            {
                properties.Add(new LogEventProperty(name, value));
            }
        }

        var exception = logEvent.Exception;
        if (exception?.ToString() is { } described && redactor.Redact(described) is var clean && clean != described)
        {
            exception = new RedactedException(redactor.Redact(exception.Message), clean);
            changed = true;
        }

        return changed ? new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, properties) : logEvent;
    }

    /// <summary>An exception as it would print, minus its secrets: sinks print an exception with ToString.</summary>
    private sealed class RedactedException(string message, string text) : Exception(message)
    {
        public override string ToString() => text;
    }
}
