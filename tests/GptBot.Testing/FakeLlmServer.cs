using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GptBot.Testing;

/// <summary>One request the fake LLM received: the parsed JSON body and the headers that matter.</summary>
public sealed record FakeLlmRequest(string Path, JsonElement Body, string? Authorization, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The chat messages as (role, content) pairs, in order.</summary>
    public IReadOnlyList<(string Role, string Content)> Messages =>
        Body.TryGetProperty("messages", out var messages)
            ? messages.EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, ContentOf(m))).ToArray()
            : [];

    /// <summary>The last user message's content.</summary>
    public string LastUserContent => Messages.Last(m => m.Role == "user").Content;

    private static string ContentOf(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var t) ? t.GetString() : string.Empty));
    }
}

/// <summary>
/// An OpenAI-compatible server on a loopback port that speaks the real HTTP and SSE wire format. By default it answers
/// every chat completion with <see cref="DefaultAnswer"/>, streamed in small chunks; <see cref="Handler"/> scripts
/// anything else (errors, hangs, broken streams).
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<FakeLlmRequest> _requests = Channel.CreateUnbounded<FakeLlmRequest>();
    private readonly ConcurrentQueue<FakeLlmRequest> _all = new();

    private FakeLlmServer(WebApplication app) => _app = app;

    /// <summary>Base URL to use as GPT_API_BASEURL, ending in /v1.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public Func<FakeLlmRequest, string> DefaultAnswer { get; set; } = request => "echo: " + request.LastUserContent;

    /// <summary>Replaces the default behaviour for every request.</summary>
    public Func<FakeLlmRequest, HttpContext, Task>? Handler { get; set; }

    public IReadOnlyCollection<FakeLlmRequest> Requests => _all.ToArray();

    public static async Task<FakeLlmServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeLlmServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address + "/v1";
        return server;
    }

    /// <summary>Waits for the next request the fake has not yet handed out.</summary>
    public async Task<FakeLlmRequest> NextRequestAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _requests.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("the fake LLM received no request in time");
        }
    }

    /// <summary>True if a request arrives within <paramref name="within"/> (use to prove that none was made).</summary>
    public async Task<bool> ReceivesRequestWithinAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            await _requests.Reader.WaitToReadAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new FakeLlmRequest(context.Request.Path, document.RootElement.Clone(), context.Request.Headers.Authorization.FirstOrDefault(), headers);
        _all.Enqueue(request);
        _requests.Writer.TryWrite(request);
        if (Handler is { } handler)
        {
            await handler(request, context);
            return;
        }

        await StreamAnswerAsync(context, DefaultAnswer(request));
    }

    /// <summary>Streams <paramref name="answer"/> as chat.completion.chunk SSE frames of <paramref name="chunkSize"/> chars, then [DONE].</summary>
    public static async Task StreamAnswerAsync(HttpContext context, string answer, int chunkSize = 4, TimeSpan? delayBetweenChunks = null)
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await WriteFrameAsync(context, Chunk(new { role = "assistant", content = string.Empty }, null));
        for (var i = 0; i < answer.Length; i += chunkSize)
        {
            await WriteFrameAsync(context, Chunk(new { content = answer.Substring(i, Math.Min(chunkSize, answer.Length - i)) }, null));
            if (delayBetweenChunks is { } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
        }

        await WriteFrameAsync(context, Chunk(new { }, "stop"));
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
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

    public static async Task WriteFrameAsync(HttpContext context, string json)
    {
        await context.Response.WriteAsync("data: " + json + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static string Chunk(object delta, string? finishReason) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = 1_700_000_000,
        model = "fake-model",
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
