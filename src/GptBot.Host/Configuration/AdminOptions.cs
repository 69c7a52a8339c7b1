namespace GptBot.Host.Configuration;

/// <summary>Who may see what the service tells about itself beyond "up": its metrics and the details of its health.</summary>
internal sealed class AdminOptions
{
    /// <summary>
    /// GPT_ADMIN_TOKEN: the operator's token (<c>Authorization: Bearer &lt;token&gt;</c>). With it, /metrics answers from
    /// any address and /healthz shows each check and the connected bots' QQ numbers. Default none: /metrics answers
    /// loopback callers only and /healthz shows its status alone.
    /// </summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>
    /// GPT_METRICS: serve the Prometheus metrics at /metrics (to loopback callers, and to others with GPT_ADMIN_TOKEN).
    /// Default true; false serves nothing there (404).
    /// </summary>
    public bool Metrics { get; set; } = true;
}
