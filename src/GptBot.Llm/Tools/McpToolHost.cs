using ModelContextProtocol.Client;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Llm.Tools;

/// <summary>
/// Connects the GPT_MCP_SERVERS in the background, so the service starts at once, and puts their tools into the
/// <see cref="ToolCatalog"/>. A server that cannot be reached is tried again later (up to every five minutes). The
/// client declares no capabilities: a server cannot ask GptBot's model for completions (sampling), read its files
/// (roots) or question the user (elicitation). Stopping the service disposes the clients, which ends started programs.
/// </summary>
public sealed partial class McpToolHost(
    ToolCatalog catalog,
    IOptions<LlmOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<McpToolHost> logger) : BackgroundService
{
    /// <summary>Time to start a server and list its tools; a slow <c>npx</c> download may need most of it.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);
    // As disposables, not clients: a field typed with the MCP library would load it with this class even when no
    // GPT_MCP_SERVERS are configured.
    private readonly List<IAsyncDisposable> _clients = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tools = options.Value.Tools;
        if (!tools.Enabled || tools.McpServers.Count == 0)
        {
            return;
        }

        await Task.WhenAll(tools.McpServers.Select(server => ConnectWithRetriesAsync(server, stoppingToken)));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        IAsyncDisposable[] clients;
        lock (_clients)
        {
            clients = [.. _clients];
            _clients.Clear();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    private async Task ConnectWithRetriesAsync(McpServerDefinition server, CancellationToken stoppingToken)
    {
        var wait = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConnectAsync(server, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogConnectFailed(logger, server.Name, wait.TotalSeconds, ex.Message);
            }

            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LastRetry.Ticks));
        }
    }

    private async Task ConnectAsync(McpServerDefinition server, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(ConnectTimeout);
        var client = await McpClient.CreateAsync(Transport(server), new McpClientOptions(), loggerFactory, timeout.Token);
        try
        {
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            lock (_clients)
            {
                _clients.Add(client);
            }

            catalog.Add("MCP server " + server.Name, tools.Cast<AIFunction>());
            LogConnected(logger, server.Name, tools.Count, string.Join(", ", tools.Select(tool => tool.Name)));
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private IClientTransport Transport(McpServerDefinition server)
    {
        if (server.Url is { } url)
        {
            return new HttpClientTransport(
                new HttpClientTransportOptions { Endpoint = url, Name = server.Name, AdditionalHeaders = server.Headers.ToDictionary() },
                loggerFactory);
        }

        return new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Name = server.Name,
                Command = server.Command!,
                Arguments = [.. server.Arguments],
                EnvironmentVariables = server.Environment.ToDictionary(pair => pair.Key, pair => (string?)pair.Value),
                StandardErrorLines = line => LogServerOutput(logger, server.Name, line),
            },
            loggerFactory);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} connected; its {Count} tools are offered to the model: {Tools}")]
    private static partial void LogConnected(ILogger logger, string server, int count, string tools);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} could not be connected ({Reason}); trying again in {Seconds} s")]
    private static partial void LogConnectFailed(ILogger logger, string server, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server}: {Line}")]
    private static partial void LogServerOutput(ILogger logger, string server, string line);
}
