using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GptBot.Testing;

/// <summary>
/// The Kestrel app behind each fake server: a loopback port the OS picks, no logging of its own, stopped with the fake.
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHost(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The root URL, <c>http://127.0.0.1:PORT</c>, without a trailing slash.</summary>
    public string Address { get; }

    public static async Task<LoopbackHost> StartAsync(Action<WebApplication> map, TimeSpan? shutdownTimeout = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (shutdownTimeout is { } timeout)
        {
            builder.WebHost.UseShutdownTimeout(timeout);
        }

        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackHost(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
