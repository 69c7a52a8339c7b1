namespace GptBot.Host.Configuration;

/// <summary>
/// What only the operator may see and do: the web console at /admin, the metrics and the details of the service's
/// health.
/// </summary>
internal sealed class AdminOptions
{
    /// <summary>The shortest admin token accepted: shorter ones are guessed too easily, even throttled.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// GPT_ADMIN_TOKEN: the operator's token, at least 16 characters. It logs in to the console at /admin, and as
    /// <c>Authorization: Bearer &lt;token&gt;</c> it lets /metrics answer from any address and /healthz show each check
    /// and the connected bots' QQ numbers. Default none: no console (/admin is 404), /metrics answers loopback callers
    /// only and /healthz shows its status alone.
    /// </summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>
    /// GPT_METRICS: serve the Prometheus metrics at /metrics (to loopback callers, and to others with GPT_ADMIN_TOKEN).
    /// Default true; false serves nothing there (404).
    /// </summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// GPT_ADMIN_ALLOW_HTTP: serve the console over plain HTTP to addresses other than loopback (a trusted network).
    /// Default false: such requests get 403, since the token and the session cookie would cross the network readable.
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// GPT_ADMIN_FORWARDED_HEADERS: the console sits behind a reverse proxy on this machine that terminates HTTPS; take
    /// the client's address and scheme from its X-Forwarded-For and X-Forwarded-Proto. Default false.
    /// </summary>
    public bool ForwardedHeaders { get; set; }
}
