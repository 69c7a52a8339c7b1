using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GptBot.Llm.Tools;

/// <summary>
/// Runs every tool call the model asks for (Microsoft.Extensions.AI's <see cref="FunctionInvokingChatClient.FunctionInvoker"/>):
/// bounded in time, logged, and never failing the answer. A tool that throws or does not answer in time gives the
/// model an error result it can word for the user; only the answer's own cancellation (GPT_TIMEOUT, a stop) passes.
/// </summary>
public sealed partial class ToolInvoker(TimeSpan callTimeout, ILogger<ToolInvoker> logger)
{
    /// <summary>
    /// Longest result handed to the model, in characters. A tool may return a whole web page or an image as base64;
    /// beyond this it would crowd the conversation out of the model's window, so the model gets the start and a note.
    /// </summary>
    public const int MaxResultLength = 16_000;

    public TimeSpan CallTimeout => callTimeout;

    public async ValueTask<object?> InvokeAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        var name = context.Function.Name;
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(callTimeout);
        try
        {
            var result = await context.Function.InvokeAsync(context.Arguments, limit.Token);
            LogCalled(logger, name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.Iteration + 1);
            return Bounded(name, result);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(logger, name, callTimeout.TotalSeconds);
            return $"Error: the tool {name} did not answer within {callTimeout.TotalSeconds:0.#} seconds.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.Message);
            return $"Error: the tool {name} failed: {ex.Message}";
        }
    }

    private object? Bounded(string name, object? result)
    {
        var text = result switch
        {
            null => null,
            string plain => plain,
            JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText(),
            _ => null,
        };
        if (text is null || text.Length <= MaxResultLength)
        {
            return result;
        }

        LogTruncated(logger, name, text.Length, MaxResultLength);
        return string.Concat(text.AsSpan(0, MaxResultLength), $"\n[The result was {text.Length} characters long; only the first {MaxResultLength} are shown.]");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool call {Tool} returned {Length} chars; the model gets the first {Limit}")]
    private static partial void LogTruncated(ILogger logger, string tool, int length, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool call {Tool} answered in {Milliseconds:0} ms (round {Round})")]
    private static partial void LogCalled(ILogger logger, string tool, double milliseconds, int round);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool call {Tool} did not answer within {Seconds:0.#} s; the model gets an error result")]
    private static partial void LogTimedOut(ILogger logger, string tool, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool call {Tool} failed after {Milliseconds:0} ms: {Reason}; the model gets an error result")]
    private static partial void LogFailed(ILogger logger, string tool, double milliseconds, string reason);
}
