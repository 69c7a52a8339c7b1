using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace GptBot.Host.Service;

/// <summary>
/// One journal entry per event: <c>&lt;priority&gt;source: message exception</c>. The journal stamps every line with its
/// own time, so the line carries none; the priority prefix lets <c>journalctl -p warning</c> filter by level; and line
/// breaks (an exception's stack trace) become spaces, because the journal starts a new entry, without the priority, at
/// each one.
/// </summary>
internal sealed class JournalFormatter : ITextFormatter
{
    private readonly MessageTemplateTextFormatter _text = new("{SourceContext}: {Message:lj} {Exception}", CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var line = new StringWriter(CultureInfo.InvariantCulture);
        _text.Format(logEvent, line);
        output.Write('<');
        output.Write(Priority(logEvent.Level).ToString(CultureInfo.InvariantCulture));
        output.Write('>');
        output.Write(line.ToString().TrimEnd().ReplaceLineEndings(" "));
        output.Write('\n');
    }

    /// <summary>syslog priorities, as .NET's own systemd console formatter maps log levels.</summary>
    internal static int Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };
}
