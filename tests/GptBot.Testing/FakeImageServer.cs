using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GptBot.Testing;

/// <summary>
/// Where a QQ implementation keeps the images of its messages: a loopback HTTP server that serves the bytes put under a
/// name at <c>/images/{name}</c> and counts every request, so a test can tell whether the bot fetched an image at all.
/// </summary>
public sealed class FakeImageServer : IAsyncDisposable
{
    /// <summary>The smallest valid PNG (1×1, transparent), as the bytes a test can compare.</summary>
    public static readonly byte[] TinyPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>The smallest JPEG header a sniffer recognises, followed by filler.</summary>
    public static readonly byte[] TinyJpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];

    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> _images = new();
    private LoopbackHost? _host;
    private int _requests;

    private FakeImageServer()
    {
    }

    /// <summary>Requests received, for any path.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>The root URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Address => _host!.Address;

    public static async Task<FakeImageServer> StartAsync()
    {
        var server = new FakeImageServer();
        server._host = await LoopbackHost.StartAsync(app => app.Run(server.HandleAsync));
        return server;
    }

    /// <summary>Serves <paramref name="bytes"/> at the returned URL, with a Content-Type that QQ's servers often get wrong.</summary>
    public string Add(string name, byte[] bytes, string contentType = "application/octet-stream")
    {
        _images[name] = (bytes, contentType);
        return $"{Address}/images/{name}";
    }

    /// <summary>A URL that accepts the request and never answers.</summary>
    public string HangingUrl => $"{Address}/hang";

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var path = context.Request.Path.Value ?? string.Empty;
        if (path == "/hang")
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        if (!path.StartsWith("/images/", StringComparison.Ordinal) || !_images.TryGetValue(path["/images/".Length..], out var image))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = image.ContentType;
        context.Response.ContentLength = image.Bytes.Length;
        await context.Response.Body.WriteAsync(image.Bytes, context.RequestAborted);
    }
}
