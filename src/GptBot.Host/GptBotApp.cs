using System.Net;
using GptBot.Admin;
using GptBot.Chat;
using GptBot.Chat.Ports;
using GptBot.Host.Bridges;
using GptBot.Host.Configuration;
using GptBot.Host.Images;
using GptBot.Host.Logging;
using GptBot.Host.Observability;
using GptBot.Host.Personas;
using GptBot.Host.Service;
using GptBot.Llm;
using GptBot.Llm.Tokens;
using GptBot.OneBot;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Transport;
using GptBot.Persistence;
using GptBot.Rendering;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Settings.Configuration;

namespace GptBot.Host;

/// <summary>Builds and runs the service. Tests build it the same way, with settings overrides and a loopback port.</summary>
public static class GptBotApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--version"])
        {
            await Console.Out.WriteLineAsync(ProductVersion.Current);
            return 0;
        }

        ServiceManagers.UseExecutableDirectoryForWindowsService();
        if (args is [HealthProbe.Flag, .. var settings])
        {
            return await HealthProbe.RunAsync(Directory.GetCurrentDirectory(), settings);
        }

        WebApplication app;
        try
        {
            app = Build(args, overrides: null);
        }
        catch (Exception ex) when (SettingsProblems(ex) is { } problems)
        {
            // A SettingsException from Build is redacted already, with the secrets it read.
            return await ReportAsync(problems, SecretRedactor.None);
        }

        var redactor = app.Services.GetRequiredService<SecretRedactor>();
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (SettingsProblems(ex) is { } problems)
        {
            return await ReportAsync(problems, redactor);
        }
        catch (StoreUnavailableException ex)
        {
            await Console.Error.WriteLineAsync(redactor.Redact($"数据目录错误 / storage error: {ex.Message}"));
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
    /// Configuration, lowest precedence first: appsettings.json, .env (and .env.{ENVIRONMENT}, .env.prod by default, as NoneBot
    /// loads it), environment variables, the command line, then <paramref name="overrides"/> (tests).
    /// </summary>
    /// <param name="configureServices">Last say over the services (tests: a FakeTimeProvider).</param>
    /// <exception cref="SettingsException">Some settings are unusable; it lists every one of them.</exception>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides, string? workingDirectory = null, Action<IServiceCollection>? configureServices = null)
    {
        var directory = workingDirectory ?? Directory.GetCurrentDirectory();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = directory });
        builder.Configuration.Sources.Clear();
        SettingsSources.AddTo(builder.Configuration, directory, args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // Checked here, before the host is built: building it makes Kestrel's, the logger's and the host's own options,
        // and a bad section met there would stop the start with that section's problems alone. A problem line never
        // carries a secret: they go to the console and every log collector.
        var redactor = SecretRedactor.From(builder.Configuration);
        if (GptBotOptions.Problems(builder.Configuration) is { Count: > 0 } problems)
        {
            throw new SettingsException([.. problems.Select(redactor.Redact)]);
        }

        var services = builder.Services;
        services.AddSingleton(redactor);
        services.AddGptBotOptions();
        ConfigureLogging(builder, redactor);
        ServiceManagers.AddTo(services);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HostingOptions>>((kestrel, hosting) => Listen(kestrel, hosting.Value));
        services.AddOneBot();
        services.AddChat();
        services.AddImageFetching();
        services.AddReplyImages();
        // The backends differ in their services, not only in their settings, so GPT_BACKEND is read here, as checked above.
        services.AddLlm(LlmSettings.Section.Read(builder.Configuration).Backend);
        services.AddTokenCounter();
        services.AddConversationStore();
        services.AddSingleton<FolderPersonaCatalog>();
        services.Replace(ServiceDescriptor.Singleton<IPersonaCatalog>(sp => sp.GetRequiredService<FolderPersonaCatalog>()));
        services.AddSingleton<RecentMessageFilter>();
        services.AddSingleton<IReplyTransport, OneBotReplyTransport>();
        services.AddSingleton<OperatorAccess>();
        var metrics = MetricsEndpoint.Enabled(builder.Configuration);
        services.AddGptBotMetrics(metrics);
        services.AddGptBotHealthChecks();
        services.AddSingleton<OneBotEventBridge>();
        services.AddSingleton<IOneBotEventSink>(sp => sp.GetRequiredService<OneBotEventBridge>());
        services.AddHostedService(sp => sp.GetRequiredService<OneBotEventBridge>());
        services.AddHostedService<StartupBanner>();
        services.AddHostedService(sp => sp.GetRequiredService<FolderPersonaCatalog>());
        services.AddHostedService<Lifecycle.GracefulStopService>();

        // No token, no console: /admin is not mapped at all and answers 404 like any unknown path.
        var console = AdminSettings.Section.Read(builder.Configuration).Token.Length > 0;
        if (console)
        {
            services.AddAdminConsole();
        }

        configureServices?.Invoke(services);

        var app = builder.Build();
        // Pings every 20 s; a peer that does not pong within 20 s more is dead (half-open TCP): its socket is dropped, so
        // its pending calls fail and it can reconnect. Every surveyed implementation answers pings.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(20) });
        app.MapOneBotReverseWebSocket();
        app.MapGptBotHealth();
        app.MapGptBotMetrics(metrics);
        if (console)
        {
            app.UseAdminConsole();
        }

        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, HostingOptions hosting)
    {
        if (hosting.Host == "localhost")
        {
            kestrel.ListenLocalhost(hosting.Port);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(hosting.Host), hosting.Port);
        }
    }

    /// <summary>Every bad setting on its own line, without its secrets, then exit code 2.</summary>
    private static async Task<int> ReportAsync(IEnumerable<string> problems, SecretRedactor redactor)
    {
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync(redactor.Redact($"配置错误 / configuration error: {problem}"));
        }

        return 2;
    }

    /// <summary>
    /// The bad settings, if that is what stopped the service: found by the check before the host is built, or by options
    /// validation when the host builds or starts (a value that code configured).
    /// </summary>
    private static IReadOnlyList<string>? SettingsProblems(Exception exception) => exception switch
    {
        SettingsException settings => settings.Problems,
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures)],
        _ => null,
    };

    /// <summary>
    /// The Serilog assemblies a "Serilog" settings section may name sinks and formatters from: every one the service
    /// ships. Named here, the reader need not search the dependency manifest for them at every start, which loaded and
    /// compiled a manifest parser only for this.
    /// </summary>
    private static readonly ConfigurationReaderOptions SerilogSettingsReader = new(
        typeof(ConsoleLoggerConfigurationExtensions).Assembly,
        typeof(FileLoggerConfigurationExtensions).Assembly,
        typeof(Serilog.Formatting.Compact.CompactJsonFormatter).Assembly,
        typeof(SerilogHostBuilderExtensions).Assembly,
        typeof(SerilogLoggingBuilderExtensions).Assembly,
        typeof(ConfigurationReaderOptions).Assembly);

    private static void ConfigureLogging(WebApplicationBuilder builder, SecretRedactor redactor)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                var options = services.GetRequiredService<IOptions<LoggingOptions>>().Value;
                LogSinks.WriteTo(
                    logger
                        .MinimumLevel.Is(options.Level)
                        .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                        .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                        .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
                        // A readiness probe asking every few seconds while no bot is connected is not an error each
                        // time; what made a check fail is logged where it happened (a bot gone, the circuit opened).
                        .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
                        .ReadFrom.Configuration(builder.Configuration, SerilogSettingsReader)
                        .Enrich.FromLogContext(),
                    options,
                    redactor);
            },
            writeToProviders: ServiceManagers.LogsToProviders);
    }
}
