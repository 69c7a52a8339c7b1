using System.Net;

namespace GptBot.Llm.WebSession;

/// <summary>The HTTP plumbing both web endpoints share.</summary>
internal static class WebSessionHttp
{
    /// <summary>A browser User-Agent: the web backend and the proxies in front of it turned away obvious bots.</summary>
    public const string UserAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 Safari/605.1.15";

    /// <summary>
    /// GPT_PROXY if set (its user:password included, as for the API backend), otherwise a direct connection. Cookies
    /// are off: the session cookie is sent and read by hand, so a shared cookie jar can never leak it to another host
    /// or keep a stale copy. Redirects are off too: .NET drops Authorization on a redirect but would carry the
    /// hand-made Cookie header to wherever it points.
    /// </summary>
    public static HttpClient CreateClient(LlmOptions options) => new(new SocketsHttpHandler
    {
        Proxy = options.Proxy is null ? null : LlmProxy.Create(options.Proxy),
        UseProxy = options.Proxy is not null,
        UseCookies = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = int.MaxValue,
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        // Time limits come from cancellation tokens: GPT_TIMEOUT for the whole answer (domain) and for a refresh.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static bool LooksLikeHtml(string body)
    {
        var start = body.AsSpan().TrimStart();
        return start.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A body for a log line: HTML pages are summarised, everything else is cut short.</summary>
    public static string ForLog(string body) => LooksLikeHtml(body)
        ? "an HTML page (Cloudflare challenge or login page?)"
        : body.Length <= 300 ? body : body[..300] + "…";
}
