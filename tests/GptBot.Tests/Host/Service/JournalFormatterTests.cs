using GptBot.Host.Service;
using Serilog.Events;
using Serilog.Parsing;

namespace GptBot.Tests.Host.Service;

/// <summary>Under systemd each log event is one journal entry whose priority <c>journalctl -p</c> can filter on.</summary>
[Trait("Category", "Unit")]
public sealed class JournalFormatterTests
{
    [Theory]
    [InlineData(LogEventLevel.Verbose, 7)]
    [InlineData(LogEventLevel.Debug, 7)]
    [InlineData(LogEventLevel.Information, 6)]
    [InlineData(LogEventLevel.Warning, 4)]
    [InlineData(LogEventLevel.Error, 3)]
    [InlineData(LogEventLevel.Fatal, 2)]
    public void A_line_starts_with_the_syslog_priority_of_its_level(LogEventLevel level, int priority)
    {
        Assert.StartsWith($"<{priority}>", Format(Event(level, "hello")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_carries_source_and_message_but_no_timestamp_of_its_own()
    {
        Assert.Equal("<6>GptBot.Host.StartupBanner: GptBot 1.0.0 starting\n", Format(Event(LogEventLevel.Information, "GptBot 1.0.0 starting")));
    }

    [Fact]
    public void An_exception_with_its_stack_trace_stays_in_the_same_entry()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("socket gone");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var line = Format(Event(LogEventLevel.Error, "send failed", thrown));

        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("<3>GptBot.Host.StartupBanner: send failed System.InvalidOperationException: socket gone", line, StringComparison.Ordinal);
        Assert.Contains(nameof(An_exception_with_its_stack_trace_stays_in_the_same_entry), line, StringComparison.Ordinal);
    }

    private static string Format(LogEvent logEvent)
    {
        using var output = new StringWriter();
        new JournalFormatter().Format(logEvent, output);
        return output.ToString();
    }

    private static LogEvent Event(LogEventLevel level, string text, Exception? exception = null) => new(
        DateTimeOffset.UtcNow,
        level,
        exception,
        new MessageTemplateParser().Parse(text),
        [new LogEventProperty("SourceContext", new ScalarValue("GptBot.Host.StartupBanner"))]);
}
