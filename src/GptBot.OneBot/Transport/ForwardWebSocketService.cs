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
    private readonly List<ForwardWebSocketConnection> _connections = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<ForwardWebSocketService>();
        foreach (var url in options.Value.ForwardUrls)
        {
            var connection = new ForwardWebSocketConnection(url, options.Value, router, timeProvider, logger);
            _connections.Add(connection);
            LogDialling(logger, connection.Description);

            // Start() does not throw when the implementation is down; the connection keeps redialling in the background.
            connection.Start();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in _connections)
        {
            await connection.CloseAsync("GptBot stopping", cancellationToken);
            connection.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialling forward WebSocket {Connection}")]
    private static partial void LogDialling(ILogger logger, string connection);
}
