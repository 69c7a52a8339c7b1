using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GptBot.Testing;

/// <summary>The OpenAI wire format as the fake writes it: SSE chunk frames, error responses and the faults of a flaky provider.</summary>
public sealed partial class FakeLlmServer
{
    private const string ChunkHead = """{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1700000000,"model":"fake-model","choices":[{"index":0,"delta":""";

    /// <summary>
    /// One <c>chat.completion.chunk</c> as OpenAI streams it: a delta with <paramref name="role"/>,
    /// <paramref name="content"/> and a reasoning model's <c>reasoning_content</c> (each left out when null) and a
    /// finish reason (JSON null when null).
    /// </summary>
    public static string ChunkJson(string? content, string? finishReason = null, string? role = null, string? reasoning = null)
    {
        var delta = new List<string>(3);
        if (role is not null)
        {
            delta.Add("\"role\":" + JsonSerializer.Serialize(role));
        }

        if (reasoning is not null)
        {
            delta.Add("\"reasoning_content\":" + JsonSerializer.Serialize(reasoning));
        }

        if (content is not null)
        {
            delta.Add("\"content\":" + JsonSerializer.Serialize(content));
        }

        var finish = finishReason is null ? "null" : JsonSerializer.Serialize(finishReason);
        return ChunkHead + "{" + string.Join(',', delta) + "},\"finish_reason\":" + finish + "}]}";
    }

    /// <summary>One server-sent event carrying <paramref name="json"/>.</summary>
    public static string Frame(string json) => "data: " + json + "\n\n";

    /// <summary>
    /// Streams <paramref name="answer"/> as chat.completion.chunk SSE frames of <paramref name="chunkSize"/> chars, then
    /// (when <paramref name="usage"/>, as OpenAI does for a request that asked) a usage chunk with empty choices, then [DONE].
    /// </summary>
    public static async Task StreamAnswerAsync(HttpContext context, string answer, int chunkSize = 4, TimeSpan? delayBetweenChunks = null, bool usage = false)
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await WriteFrameAsync(context, ChunkJson(string.Empty, role: "assistant"));
        for (var i = 0; i < answer.Length; i += chunkSize)
        {
            await WriteChunkAsync(context, answer.Substring(i, Math.Min(chunkSize, answer.Length - i)));
            if (delayBetweenChunks is { } delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
        }

        await WriteFrameAsync(context, ChunkJson(content: null, finishReason: "stop"));
        if (usage)
        {
            await WriteFrameAsync(context, UsageJson(PromptTokens, answer.Length));
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    /// <summary>
    /// Streams a reasoning model's answer as DeepSeek's API does: the thoughts as <c>reasoning_content</c> deltas of
    /// <paramref name="chunkSize"/> chars (with <c>content</c> null), then the answer as <c>content</c> deltas, then
    /// [DONE].
    /// </summary>
    public static async Task StreamReasoningAnswerAsync(HttpContext context, string reasoning, string answer, int chunkSize = 4)
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await WriteFrameAsync(context, ChunkJson(string.Empty, role: "assistant"));
        for (var i = 0; i < reasoning.Length; i += chunkSize)
        {
            await WriteFrameAsync(context, ChunkJson(null, reasoning: reasoning.Substring(i, Math.Min(chunkSize, reasoning.Length - i))));
        }

        for (var i = 0; i < answer.Length; i += chunkSize)
        {
            await WriteChunkAsync(context, answer.Substring(i, Math.Min(chunkSize, answer.Length - i)));
        }

        await WriteFrameAsync(context, ChunkJson(content: null, finishReason: "stop"));
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    /// <summary>The prompt tokens every usage chunk of the default answer reports (the fake does not count them).</summary>
    public const int PromptTokens = 42;

    /// <summary>The last chunk of a stream that asked for <c>include_usage</c>: empty choices and the token counts.</summary>
    public static string UsageJson(int promptTokens, int completionTokens) =>
        $$$"""{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1700000000,"model":"fake-model","choices":[],"usage":{"prompt_tokens":{{{promptTokens}}},"completion_tokens":{{{completionTokens}}},"total_tokens":{{{promptTokens + completionTokens}}}}}""";

    /// <summary>
    /// Streams an answer that calls one function, as OpenAI does: the call's id and name first, its JSON arguments in
    /// two pieces, then <c>finish_reason: tool_calls</c> and [DONE].
    /// </summary>
    public static async Task StreamToolCallAsync(HttpContext context, string callId, string name, string argumentsJson = "{}")
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var half = argumentsJson.Length / 2;
        await WriteFrameAsync(context, ToolCallJson(callId, name, string.Empty));
        await WriteFrameAsync(context, ToolCallJson(null, null, argumentsJson[..half]));
        await WriteFrameAsync(context, ToolCallJson(null, null, argumentsJson[half..]));
        await WriteFrameAsync(context, ChunkJson(content: null, finishReason: "tool_calls"));
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static string ToolCallJson(string? callId, string? name, string arguments)
    {
        var function = name is null
            ? $$"""{"arguments":{{JsonSerializer.Serialize(arguments)}}}"""
            : $$"""{"name":{{JsonSerializer.Serialize(name)}},"arguments":{{JsonSerializer.Serialize(arguments)}}}""";
        var head = callId is null ? "\"index\":0" : $$"""
            "index":0,"id":{{JsonSerializer.Serialize(callId)}},"type":"function"
            """;
        return ChunkHead + "{\"tool_calls\":[{" + head + ",\"function\":" + function + "}]},\"finish_reason\":null}]}";
    }

    /// <summary>Answers with an HTTP error whose reason phrase the client sees (HTTP/1.1 carries it on the status line).</summary>
    public static async Task ErrorAsync(HttpContext context, int status, string? reason = null, string? body = null, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        if (reason is not null)
        {
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = reason;
        }

        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body ?? $"{{\"error\":{{\"message\":\"fake error {status}\",\"type\":\"fake\",\"code\":null}}}}");
    }

    /// <summary>Writes one SSE frame and flushes it, so the client sees it at once.</summary>
    public static async Task WriteFrameAsync(HttpContext context, string json)
    {
        await context.Response.WriteAsync(Frame(json), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Writes and flushes one chunk whose delta carries <paramref name="content"/>.</summary>
    public static Task WriteChunkAsync(HttpContext context, string content) => WriteFrameAsync(context, ChunkJson(content));

    /// <summary>Plays <paramref name="fault"/>; <paramref name="answer"/> is what the provider would have said.</summary>
    public static Task PlayAsync(HttpContext context, LlmFault fault, string answer) => fault switch
    {
        LlmFault.None => StreamAnswerAsync(context, answer),
        LlmFault.Hang => HangAsync(context),
        LlmFault.RateLimited => RateLimitedAsync(context),
        LlmFault.ServerError => ErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error"),
        LlmFault.CutStream => CutStreamAsync(context, FirstLine(answer)),
        LlmFault.InvalidJson => InvalidJsonAsync(context),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };

    /// <summary>Accepts the request and never answers; ends when the client gives up.</summary>
    public static Task HangAsync(HttpContext context) => Task.Delay(Timeout.Infinite, context.RequestAborted);

    /// <summary>429 Too Many Requests, asking the client to wait a second.</summary>
    public static Task RateLimitedAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return ErrorAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests");
    }

    /// <summary>Streams <paramref name="partial"/>, then drops the connection without ending the stream.</summary>
    public static async Task CutStreamAsync(HttpContext context, string partial)
    {
        context.Response.ContentType = "text/event-stream";
        await WriteChunkAsync(context, partial);

        // A dropped connection is a reset, and a reset may discard what the client has not read yet: a provider that
        // dies mid-answer has sent its first part well before.
        await Task.Delay(TimeSpan.FromMilliseconds(50), context.RequestAborted);
        context.Abort();
    }

    /// <summary>Streams a frame that breaks off inside a JSON string, then ends the stream normally.</summary>
    public static async Task InvalidJsonAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync("data: {\"id\":\"x\",\"choices\":[{\"delta\":{\"content\":\"half\n\n", context.RequestAborted);
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    /// <summary>The first line of <paramref name="answer"/> with its line break, or its first half if it has one line.</summary>
    private static string FirstLine(string answer)
    {
        var end = answer.IndexOf('\n');
        return end >= 0 ? answer[..(end + 1)] : answer[..(answer.Length / 2)];
    }
}
