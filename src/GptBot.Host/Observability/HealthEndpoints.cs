using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GptBot.Host.Observability;

/// <summary>
/// The health endpoints. <c>/healthz/live</c>: the process is up and serving, nothing else (what a container's
/// HEALTHCHECK and a restart policy should ask: a fresh start with no bot yet is alive). <c>/healthz/ready</c> and
/// <c>/healthz</c>: ready to answer, with the named checks <c>store</c>, <c>llm</c> and <c>bots</c>; 503 while one is
/// unhealthy. Anyone who reaches the port sees the status and the version; the checks' details, and the connected
/// bots' QQ numbers, only whoever brings GPT_ADMIN_TOKEN.
/// </summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddGptBotHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<LlmHealthCheck>("llm", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<BotsHealthCheck>("bots", tags: [Ready], timeout: CheckTimeout);
        return services;
    }

    public static void MapGptBotHealth(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<OperatorAccess>();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = (context, report) => WriteAsync(context, report, access) });
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = (context, report) => WriteAsync(context, report, access) };
        app.MapHealthChecks("/healthz/ready", ready);
        app.MapHealthChecks("/healthz", ready);
    }

    /// <summary><c>{"status":"Healthy","version":"1.0.0"}</c>, and with the admin token each check's status and description.</summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report, OperatorAccess access)
    {
        var details = access.Judge(context) == OperatorVerdict.Token;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteString("version", ProductVersion.Current);
        if (details)
        {
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 1));
                if (entry.Data.TryGetValue(BotsHealthCheck.SelfIds, out var ids) && ids is long[] selfIds)
                {
                    json.WriteStartArray(BotsHealthCheck.SelfIds);
                    foreach (var id in selfIds)
                    {
                        json.WriteNumberValue(id);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
