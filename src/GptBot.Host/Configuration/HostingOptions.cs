namespace GptBot.Host.Configuration;

/// <summary>
/// Where the service listens for the QQ implementation, whether it may do so openly, and the names that address the bot
/// (NoneBot's HOST, PORT, NICKNAME).
/// </summary>
internal sealed class HostingOptions
{
    /// <summary>HOST: the reverse WebSocket's listen address, an IP address or <c>localhost</c>. Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>PORT: the listen port; 0 takes any free port. Default 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>NICKNAME: names that address the bot at the start of a message ("bot，/gpt hi"). Default none.</summary>
    public IReadOnlyList<string> Nicknames { get; set; } = [];

    /// <summary>
    /// ONEBOT_ALLOW_NO_TOKEN: listen on an address other than loopback without ONEBOT_ACCESS_TOKEN (a trusted network, or
    /// a reverse proxy that checks callers itself). Default false: the service refuses to start that way.
    /// </summary>
    public bool AllowNoToken { get; set; }
}
