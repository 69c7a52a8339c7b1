namespace GptBot.Host.Configuration;

/// <summary>Where the service listens for the QQ implementation, and the names that address the bot (NoneBot's HOST, PORT, NICKNAME).</summary>
internal sealed class HostingOptions
{
    /// <summary>HOST: the reverse WebSocket's listen address, an IP address or <c>localhost</c>. Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>PORT: the listen port; 0 takes any free port. Default 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>NICKNAME: names that address the bot at the start of a message ("bot，/gpt hi"). Default none.</summary>
    public IReadOnlyList<string> Nicknames { get; set; } = [];
}
