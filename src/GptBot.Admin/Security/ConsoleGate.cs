using System.Net;
using GptBot.Admin.Texts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace GptBot.Admin.Security;

/// <summary>
/// Runs before every console request. It refuses plain HTTP from any address but loopback (the token and the session
/// cookie would cross the network readable) unless GPT_ADMIN_ALLOW_HTTP says the network is trusted, sets the headers
/// that keep the pages from being framed, cached or made to run script, and picks the language.
/// </summary>
public sealed class ConsoleGate(RequestDelegate next, IOptions<AdminConsoleOptions> options)
{
    /// <summary>No script at all; styles and images only from the console; forms post only to it; never in a frame.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public const string PlainHttpRefusal =
        "控制台只通过 HTTPS 或本机（回环地址）提供。/ The console is served only over HTTPS or on loopback. " +
        "Put it behind an HTTPS reverse proxy (GPT_ADMIN_FORWARDED_HEADERS=true), or set GPT_ADMIN_ALLOW_HTTP=true on a trusted network.";

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // What anti-forgery sets on every page with a form; the same everywhere, so no page is kept in a cache.
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";

        if (!context.Request.IsHttps && !IsLoopback(context.Connection.RemoteIpAddress) && !options.Value.AllowHttp)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(PlainHttpRefusal, context.RequestAborted);
            return;
        }

        ConsoleLanguage.Resolve(context);
        await next(context);
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
