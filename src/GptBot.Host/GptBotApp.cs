using System.Net;
using GptBot.Chat;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Host.Bridges;
using GptBot.Host.Configuration;
using GptBot.Llm;
using GptBot.Llm.Tokens;
using GptBot.OneBot;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Transport;
using GptBot.Rendering;
using GptBot.Persistence;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace GptBot.Host;

/// <summary>Builds and runs the service. Tests build it the same way, with settings overrides and a loopback port.</summary>
public static class GptBotApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args, overrides: null);
        }
        catch (SettingsException ex)
        {
            await Console.Error.WriteLineAsync($"配置错误 / configuration error: {ex.Message}");
            return 2;
        }

        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (StoreUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"数据目录错误 / storage error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is Microsoft.AspNetCore.Connections.AddressInUseException || ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"PORT: cannot listen, the address is already in use ({ex.Message}). Set HOST/PORT to a free address.");
            return 3;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>
    /// Configuration, lowest precedence first: appsettings.json, .env (and .env.{ENVIRONMENT} as NoneBot loads it),
    /// environment variables, then <paramref name="overrides"/> (tests).
    /// </summary>
    /// <param name="configureServices">Last say over the services (tests: a FakeTimeProvider).</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides, string? workingDirectory = null, Action<IServiceCollection>? configureServices = null)
    {
        var directory = workingDirectory ?? Directory.GetCurrentDirectory();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = directory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(Path.Combine(directory, "appsettings.json"), optional: true, reloadOnChange: false);
        DotEnvFiles.AddTo(builder.Configuration, directory);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var settings = GptBotSettings.Read(builder.Configuration);
        ConfigureLogging(builder, settings.LogLevel);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (settings.Host == "localhost")
            {
                kestrel.ListenLocalhost(settings.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(settings.Host), settings.Port);
            }
        });

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddOneBot();
        services.AddSingleton<IOptions<OneBotOptions>>(Options.Create(settings.OneBot));
        services.AddChat();
        services.AddSingleton<IOptions<ChatServiceOptions>>(Options.Create(settings.Chat));
        services.AddSingleton<IOptions<ReplyOptions>>(Options.Create(settings.Replies.Replies));
        services.AddReplyImages(settings.Replies.Images);
        services.AddLlm(settings.Llm);
        services.AddTokenCounter(settings.Llm.Model);
        if (settings.SqliteStore is { } sqlite)
        {
            // A relative GPT_DATA_DIR is relative to the working directory, as the seed's ./data was.
            sqlite.DataDirectory = Path.GetFullPath(sqlite.DataDirectory, directory);
            services.AddSqliteConversationStore(sqlite);
        }

        services.AddSingleton<RecentMessageFilter>();
        services.AddSingleton<IReplyTransport, OneBotReplyTransport>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<OneBotEventBridge>(sp, settings.Nicknames));
        services.AddSingleton<IOneBotEventSink>(sp => sp.GetRequiredService<OneBotEventBridge>());
        services.AddHostedService(sp => sp.GetRequiredService<OneBotEventBridge>());
        services.AddHostedService<StartupBanner>();
        services.AddHostedService<Lifecycle.GracefulStopService>();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.Chat.ShutdownGrace + TimeSpan.FromSeconds(15));
        configureServices?.Invoke(services);

        var app = builder.Build();
        // Pings every 20 s; a peer that does not pong within 20 s more is dead (half-open TCP): its socket is dropped, so
        // its pending calls fail and it can reconnect. Every surveyed implementation answers pings (ONEBOT-V11.md 1.6).
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(20) });
        app.MapOneBotReverseWebSocket();
        app.MapGet("/healthz", (ConnectionRegistry registry) => Results.Ok(new { status = "ok", bots = registry.ConnectedSelfIds }));
        return app;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, LogEventLevel level)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((_, logger) => logger
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"));
    }
}
