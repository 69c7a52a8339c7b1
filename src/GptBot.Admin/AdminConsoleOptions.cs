namespace GptBot.Admin;

/// <summary>
/// What the console needs to know of the admin settings. Host copies them from its own settings (GPT_ADMIN_TOKEN and the
/// others), where their defaults live.
/// </summary>
public sealed class AdminConsoleOptions
{
    /// <summary>The token an operator logs in with (GPT_ADMIN_TOKEN); the console is not mapped without one.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>Serve the console over plain HTTP to addresses other than loopback (GPT_ADMIN_ALLOW_HTTP).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Take the client's address and scheme from X-Forwarded-For / X-Forwarded-Proto sent by a reverse proxy on
    /// loopback (GPT_ADMIN_FORWARDED_HEADERS).
    /// </summary>
    public bool ForwardedHeaders { get; set; }
}
