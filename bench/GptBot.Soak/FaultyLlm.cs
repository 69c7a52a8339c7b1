using GptBot.Testing;
using Microsoft.AspNetCore.Http;

namespace GptBot.Soak;

/// <summary>
/// The fake LLM with injected faults, decided per HTTP attempt: 4% 429 with Retry-After: 1, 4% 500, 3% a stream cut
/// after its first line; the rest stream a three-line answer that names the prompt, so the soak can match replies.
/// </summary>
internal sealed class FaultyLlm
{
    private long _attempts;
    private long _rateLimited;
    private long _serverErrors;
    private long _cuts;

    public long Attempts => Interlocked.Read(ref _attempts);

    public string Faults => $"429: {Interlocked.Read(ref _rateLimited)}, 500: {Interlocked.Read(ref _serverErrors)}, cut streams: {Interlocked.Read(ref _cuts)}";

    public void Install(FakeLlmServer server) => server.Handler = HandleAsync;

    private async Task HandleAsync(FakeLlmRequest request, HttpContext context)
    {
        Interlocked.Increment(ref _attempts);
        var prompt = request.LastUserContent[(request.LastUserContent.LastIndexOf(' ') + 1)..];
        var roll = Random.Shared.Next(100);
        if (roll < 4)
        {
            Interlocked.Increment(ref _rateLimited);
            context.Response.Headers.RetryAfter = "1";
            await FakeLlmServer.ErrorAsync(context, 429, "Too Many Requests");
            return;
        }

        if (roll < 8)
        {
            Interlocked.Increment(ref _serverErrors);
            await FakeLlmServer.ErrorAsync(context, 500, "Internal Server Error");
            return;
        }

        if (roll < 11)
        {
            Interlocked.Increment(ref _cuts);
            context.Response.ContentType = "text/event-stream";
            await FakeLlmServer.WriteFrameAsync(context, $$"""{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"partial {{prompt}}\n"},"finish_reason":null}]}""");
            await Task.Delay(50, context.RequestAborted);
            context.Abort();
            return;
        }

        await FakeLlmServer.StreamAnswerAsync(context, $"first line of {prompt}\nsecond line of {prompt}\ndone {prompt}", chunkSize: 16, delayBetweenChunks: TimeSpan.FromMilliseconds(10));
    }
}
