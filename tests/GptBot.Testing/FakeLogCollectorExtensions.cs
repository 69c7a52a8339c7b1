using Microsoft.Extensions.Logging.Testing;

namespace GptBot.Testing;

/// <summary>What an operator would read in the log that a <see cref="FakeLogCollector"/> caught.</summary>
public static class FakeLogCollectorExtensions
{
    /// <summary>Every record so far, one a line: level, message and exception (with its stack trace), in order.</summary>
    public static string Text(this FakeLogCollector collector) =>
        string.Join('\n', collector.GetSnapshot().Select(record => $"{record.Level}: {record.Message} {record.Exception}"));
}
