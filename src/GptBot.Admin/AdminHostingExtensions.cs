using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using GptBot.Admin.Metrics;
using GptBot.Admin.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace GptBot.Admin;

public static class AdminHostingExtensions
{
    /// <summary>Where the console lives; its cookies are limited to this path.</summary>
    public const string PathBase = "/admin";

    /// <summary>The console's sign-in scheme (a cookie).</summary>
    public const string Scheme = "GptBotAdmin";

    /// <summary>
    /// Registers the console: its pages, a cookie sign-in, anti-forgery, the login throttle and the in-process metrics
    /// reader. The caller configures <see cref="AdminConsoleOptions"/> and calls this only when an admin token is set.
    /// </summary>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<AdminConsoleOptions>();
        services.AddSingleton<ConsoleMetrics>();
        services.AddSingleton<LoginThrottle>();

        // Keys live in memory only, so they need no encryption at rest (nothing is at rest).
        services.AddDataProtection().SetApplicationName("GptBot.Admin");
        services.Configure<KeyManagementOptions>(keys =>
        {
            keys.XmlRepository = new MemoryKeyRepository();
            keys.XmlEncryptor = new NullXmlEncryptor();
        });
        services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "gptbot-admin";
            cookie.Cookie.Path = PathBase;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(2);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = PathBase + "/login";
            cookie.LogoutPath = PathBase + "/logout";
            cookie.AccessDeniedPath = PathBase + "/login";
        });
        services.AddAuthorization();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "gptbot-admin-form";
            antiforgery.Cookie.Path = PathBase;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddRazorPages(pages =>
            {
                pages.Conventions.AuthorizeFolder("/Admin");
                pages.Conventions.AllowAnonymousToPage("/Admin/Login");
            })
            .ConfigureApplicationPartManager(parts =>
            {
                // Only the console's pages, whichever program hosts it (the service, or a test).
                parts.ApplicationParts.Clear();
                var assembly = typeof(AdminHostingExtensions).Assembly;
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                {
                    parts.ApplicationParts.Add(part);
                }
            });
        services.Configure<RouteOptions>(routes => routes.LowercaseUrls = true);

        // Chinese as text, not as &#x...; entities: the pages stay readable and small.
        services.Configure<WebEncoderOptions>(encoder => encoder.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    /// <summary>
    /// Puts the console in the pipeline: the gate (HTTPS or loopback, security headers, language), sign-in, and the
    /// pages under <see cref="PathBase"/>. Other paths are not touched by the gate.
    /// </summary>
    public static WebApplication UseAdminConsole(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AdminConsoleOptions>>().Value;

        // Listening from the start, so the dashboard's last hour is the service's, not the time since the first visit.
        app.Services.GetRequiredService<ConsoleMetrics>();
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PathBase), console =>
        {
            if (options.ForwardedHeaders)
            {
                // Trusted from a proxy on loopback only (the middleware's default), so a client cannot claim to be local.
                console.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
            }

            console.UseMiddleware<ConsoleGate>();

            // A refusal (a form without its anti-forgery token, an unknown chat) says so, rather than a blank page.
            console.UseStatusCodePages("text/plain; charset=utf-8", "HTTP {0} · GptBot /admin");
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet(PathBase + "/console.css", ServeStylesheet).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("GptBot.Admin.Assets.console.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static IResult ServeStylesheet() => Results.Text(Stylesheet.Value, "text/css; charset=utf-8");
}
