using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GptBot.Testing;

/// <summary>
/// An OpenAI-compatible server on a loopback port that speaks the real HTTP and SSE wire format of
/// <c>POST /v1/chat/completions</c>. By default it records every request and answers it with
/// <see cref="DefaultAnswer"/>, streamed in chunks of <see cref="ChunkSize"/> characters. <see cref="Faults"/> makes it
/// a flaky provider, <see cref="Handler"/> scripts anything else, and a load test that only needs answers turns
/// <see cref="RecordRequests"/> off so that no request is parsed or kept.
/// </summary>
public sealed partial class FakeLlmServer : IAsyncDisposable
{
    private const string CompletionsPath = "/v1/chat/completions";
    private readonly Channel<FakeLlmRequest> _requests = Channel.CreateUnbounded<FakeLlmRequest>();
    private readonly ConcurrentQueue<FakeLlmRequest> _all = new();
    private LoopbackHost? _host;
    private long _requestCount;

    private FakeLlmServer()
    {
    }

    /// <summary>Base URL to use as GPT_API_BASEURL, ending in /v1.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Keep every request for <see cref="Requests"/> and <see cref="NextRequestAsync"/> (on by default).</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>How long every request waits before the first byte of its answer (or fault).</summary>
    public TimeSpan Latency { get; set; }

    public Func<FakeLlmRequest, string> DefaultAnswer { get; set; } = request => "echo: " + request.LastUserContent;

    /// <summary>Characters per streamed chunk of the default answer.</summary>
    public int ChunkSize { get; set; } = 4;

    /// <summary>Pause between streamed chunks of the default answer.</summary>
    public TimeSpan ChunkDelay { get; set; }

    /// <summary>Picks, per request, a fault to play instead of answering (before <see cref="Handler"/> is asked); <see cref="LlmFault.None"/> lets the request through.</summary>
    public Func<FakeLlmRequest, LlmFault>? Faults { get; set; }

    /// <summary>Replaces the default behaviour for every request.</summary>
    public Func<FakeLlmRequest, HttpContext, Task>? Handler { get; set; }

    /// <summary>Recorded requests, in arrival order.</summary>
    public IReadOnlyCollection<FakeLlmRequest> Requests => _all.ToArray();

    /// <summary>Every request received, recorded or not.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    public static async Task<FakeLlmServer> StartAsync()
    {
        var server = new FakeLlmServer();
        server._host = await LoopbackHost.StartAsync(app => app.Run(server.HandleAsync));
        server.BaseUrl = server._host.Address + "/v1";
        return server;
    }

    /// <summary>Waits for the next recorded request the fake has not yet handed out.</summary>
    public Task<FakeLlmRequest> NextRequestAsync(TimeSpan? timeout = null) =>
        _requests.Reader.NextAsync(timeout, () => "the fake LLM received no request in time");

    /// <summary>True if a request arrives within <paramref name="within"/> (use to prove that none was made).</summary>
    public Task<bool> ReceivesRequestWithinAsync(TimeSpan within) => _requests.Reader.ReceivesWithinAsync(within);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != CompletionsPath)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var request = new FakeLlmRequest(context.Request.Path.Value!, await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted), context.Request.Headers);
        Interlocked.Increment(ref _requestCount);
        if (RecordRequests)
        {
            request.Keep();
            _all.Enqueue(request);
            _requests.Writer.TryWrite(request);
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        if (Faults?.Invoke(request) is { } fault and not LlmFault.None)
        {
            await PlayAsync(context, fault, DefaultAnswer(request));
        }
        else if (Handler is { } handler)
        {
            await handler(request, context);
        }
        else
        {
            await StreamAnswerAsync(context, DefaultAnswer(request), ChunkSize, ChunkDelay, usage: request.AsksForUsage);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return body;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
