using System.Net;

namespace GptBot.LoadTest.Ceiling;

/// <summary>
/// The ceiling: a server that does only the unavoidable I/O of one answer, on the same stack GptBot uses (Kestrel,
/// WebSockets, HttpClient): accept the reverse WebSocket, read each event's JSON, make one streaming request to the
/// LLM and read it, send one <c>send_msg</c> frame. No commands, no queues, no history, no logging.
/// Started by the runner as its own process: <c>GptBot.LoadTest ceiling PORT LLM_BASE_URL</c>.
/// </summary>
public static class CeilingServer
{
    public static async Task<int> RunAsync(int port, Uri llmBaseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseProxy = false };
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var completions = new Uri(llmBaseUrl.ToString().TrimEnd('/') + "/chat/completions");
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await new CeilingConnection(socket, http, completions).RunAsync(context.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }
}
