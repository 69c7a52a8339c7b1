using Microsoft.Extensions.Logging;

namespace GptBot.Tests.Llm.Resilience;

/// <summary>Keeps every formatted log line (message and exception) so a test can check what reached the log.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
        {
            Lines.Add(formatter(state, exception) + " " + exception);
        }
    }
}
