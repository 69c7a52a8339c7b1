using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GptBot.LoadTest.Llm;

/// <summary>
/// A lean OpenAI-compatible Chat Completions server: it waits <see cref="Latency"/> (time to first token), then streams
/// a short answer as SSE chunks that echo the request's token (<c>Q#123</c> in the last user message becomes
/// <c>A#123</c>), so the load generator can tell which request a reply belongs to. It is part of the measurement,
/// so it does no JSON parsing and writes prebuilt bytes.
/// </summary>
public sealed class FakeLlm : IAsyncDisposable
{
    private static readonly byte[] RoleChunk = Frame("{\"role\":\"assistant\",\"content\":\"\"}", "null");
    private static readonly byte[] StopChunk = Encoding.UTF8.GetBytes(
        ChunkJson("{}", "\"stop\"") + "data: [DONE]\n\n");

    private static readonly byte[] ContentPrefix = Encoding.UTF8.GetBytes("data: " + ChunkPrefix + "{\"content\":\"A#");
    private static readonly byte[] ContentSuffix = Encoding.UTF8.GetBytes("\"},\"finish_reason\":null}]}\n\n");
    private static readonly byte[] SecondChunk = Frame("{\"content\":\" ok\"}", "null");

    private readonly WebApplication _app;

    private FakeLlm(WebApplication app) => _app = app;

    private const string ChunkPrefix = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":";

    /// <summary>Base URL to use as GPT_API_BASEURL, ending in /v1.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Delay before the first byte of each answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Requests answered so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    private long _requests;

    public static async Task<FakeLlm> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentConnections = null);
        var app = builder.Build();
        var server = new FakeLlm(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address + "/v1";
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var token = await ReadTokenAsync(context.Request.BodyReader);
        Interlocked.Increment(ref _requests);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        var digits = Encoding.ASCII.GetBytes(token);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.ContentLength = RoleChunk.Length + ContentPrefix.Length + digits.Length + ContentSuffix.Length + SecondChunk.Length + StopChunk.Length;
        var writer = response.BodyWriter;
        writer.Write(RoleChunk);
        writer.Write(ContentPrefix);
        writer.Write(digits);
        writer.Write(ContentSuffix);
        writer.Write(SecondChunk);
        writer.Write(StopChunk);
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Reads the whole body and returns the digits after its last <c>Q#</c> (the newest user message's token).</summary>
    private static async Task<string> ReadTokenAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (!result.IsCompleted)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                continue;
            }

            var token = FindToken(result.Buffer);
            reader.AdvanceTo(result.Buffer.End);
            return token;
        }
    }

    private static string FindToken(ReadOnlySequence<byte> body)
    {
        var bytes = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        var at = bytes.LastIndexOf("Q#"u8);
        if (at < 0)
        {
            return "0";
        }

        var digits = bytes[(at + 2)..];
        var length = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return Encoding.ASCII.GetString(length < 0 ? digits : digits[..length]);
    }

    private static byte[] Frame(string delta, string finish) => Encoding.UTF8.GetBytes(ChunkJson(delta, finish));

    private static string ChunkJson(string delta, string finish) => "data: " + ChunkPrefix + delta + ",\"finish_reason\":" + finish + "}]}\n\n";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
