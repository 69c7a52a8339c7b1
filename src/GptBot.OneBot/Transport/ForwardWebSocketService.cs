using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.OneBot.Transport;

/// <summary>Dials every URL of <see cref="OneBotOptions.ForwardUrls"/> (NoneBot's ONEBOT_WS_URLS) and keeps the connections up.</summary>
public sealed partial class ForwardWebSocketService(
    IOptions<OneBotOptions> options,
    OneBotFrameRouter router,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : IHostedService
{
    private readonly List<ForwardWebSocketDialler> _diallers = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<ForwardWebSocketService>();
        foreach (var url in options.Value.ForwardUrls)
        {
            var dialler = new ForwardWebSocketDialler(url, options.Value, router, timeProvider, logger);
            _diallers.Add(dialler);
            LogDialling(logger, dialler.Description);

            // Start() does not throw when the implementation is down; the dialler keeps redialling in the background.
            dialler.Start();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var dialler in _diallers)
        {
            await dialler.CloseAsync("GptBot stopping", cancellationToken);
            dialler.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialling forward WebSocket {Connection}")]
    private static partial void LogDialling(ILogger logger, string connection);
}
