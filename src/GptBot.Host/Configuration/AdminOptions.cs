namespace GptBot.Host.Configuration;

/// <summary>The operator's web console at /admin (and whatever else only the operator may see).</summary>
internal sealed class AdminOptions
{
    /// <summary>The shortest admin token accepted: shorter ones are guessed too easily, even throttled.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// GPT_ADMIN_TOKEN: the token the operator logs in to /admin with; at least 16 characters. Default empty: no console
    /// (/admin answers 404).
    /// </summary>
    public string Token { get; set; } = string.Empty;

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
