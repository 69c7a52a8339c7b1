using System.Runtime.InteropServices;
using GptBot.Host.Configuration;
using GptBot.Llm;
using GptBot.OneBot;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace GptBot.Host;

/// <summary>
/// Tells the operator which version starts, from where (the directory whose .env it reads), and, once Kestrel listens,
/// where to point the QQ implementation and which backend answers.
/// </summary>
internal sealed partial class StartupBanner(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<HostingOptions> hosting,
    IHostEnvironment environment,
    IOptions<OneBotOptions> oneBot,
    IOptions<LlmOptions> llm,
    ILogger<StartupBanner> logger) : IHostedLifecycleService
{
    /// <summary>Runs before every other service starts, so the version is the first line of a start.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        LogStarting(logger, ProductVersion.Current, environment.ContentRootPath, RuntimeInformation.FrameworkDescription, RuntimeInformation.RuntimeIdentifier);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                var ws = address.Replace("http://", "ws://", StringComparison.Ordinal);
                LogListening(logger, ws + "/onebot/v11/ws", oneBot.Value.AccessToken.Length > 0 ? "required" : "not required");
            }

            if (oneBot.Value.AccessToken.Length == 0 && !HostingSettings.IsLoopback(hosting.Value.Host))
            {
                // Only reachable with ONEBOT_ALLOW_NO_TOKEN=true: the settings check refuses it otherwise.
                LogOpenWithoutToken(logger, hosting.Value.Host);
            }

            LogBackend(logger, llm.Value.Backend.ToString().ToLowerInvariant(), WithoutSecrets(llm.Value.BaseUrl), llm.Value.Model);
            foreach (var url in oneBot.Value.ForwardUrls)
            {
                LogForward(logger, WithoutSecrets(url));
            }
        });
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Scheme, host, port and path only: a <c>user:password@</c> or a <c>?access_token=</c> never reaches the log.</summary>
    internal static string WithoutSecrets(Uri url) => $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";

    [LoggerMessage(Level = LogLevel.Information, Message = "GptBot {Version} starting in {Directory} ({Runtime}, {Platform})")]
    private static partial void LogStarting(ILogger logger, string version, string directory, string runtime, string platform);

    [LoggerMessage(Level = LogLevel.Information, Message = "GptBot listening for OneBot v11 reverse WebSocket at {Url} (access token {Token})")]
    private static partial void LogListening(ILogger logger, string url, string token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ONEBOT_ALLOW_NO_TOKEN=true: listening on {Host} without ONEBOT_ACCESS_TOKEN; anyone who can reach this port can connect as a bot and use /gpt_control as a sudoer")]
    private static partial void LogOpenWithoutToken(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "LLM backend: {Backend} at {BaseUrl}, model {Model}")]
    private static partial void LogBackend(ILogger logger, string backend, string baseUrl, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Also dialling forward WebSocket {Url}")]
    private static partial void LogForward(ILogger logger, string url);
}
