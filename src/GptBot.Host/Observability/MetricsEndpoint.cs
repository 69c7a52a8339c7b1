using GptBot.Chat;
using GptBot.Host.Configuration;
using GptBot.Llm;
using GptBot.OneBot;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace GptBot.Host.Observability;

/// <summary>
/// <c>/metrics</c>: the <c>GptBot</c> meter in the Prometheus text format, through OpenTelemetry's exporter, which
/// names each instrument as Prometheus expects (<c>gptbot.answers</c> → <c>gptbot_answers_total</c>, seconds →
/// <c>_seconds</c>). Served to loopback callers, and to others with GPT_ADMIN_TOKEN; GPT_METRICS=false serves nothing.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The exporter, only when GPT_METRICS is on: off, nothing listens to the meter and recording costs nothing.</summary>
    public static IServiceCollection AddGptBotMetrics(this IServiceCollection services, bool enabled)
    {
        if (enabled)
        {
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("gptbot", serviceVersion: ProductVersion.Current))
                .WithMetrics(metrics => metrics
                    .AddMeter(ChatMetrics.MeterName)
                    // A scrape shows the numbers of that moment; a scrape costs well under a millisecond.
                    .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        }

        return services;
    }

    public static void MapGptBotMetrics(this WebApplication app, bool enabled)
    {
        // The instruments exist from the start, so a scrape (or an in-process listener) sees zeros before any traffic.
        app.Services.GetRequiredService<ChatMetrics>();
        app.Services.GetRequiredService<OneBotMetrics>();
        app.Services.GetRequiredService<LlmMetrics>();
        if (!enabled)
        {
            return;
        }

        var access = app.Services.GetRequiredService<OperatorAccess>();
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            switch (access.Judge(context))
            {
                case OperatorVerdict.Token or OperatorVerdict.Loopback:
                    await next(context);
                    break;
                case OperatorVerdict.Missing when access.HasToken:
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    break;
                default:
                    // A wrong token, or no GPT_ADMIN_TOKEN to bring: the metrics stay on this machine.
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    break;
            }
        }), optionsName: null);
    }

    /// <summary>GPT_METRICS as the settings give it (read before the host is built, like GPT_BACKEND).</summary>
    public static bool Enabled(IConfiguration configuration) => AdminSettings.Section.Read(configuration).Metrics;
}
