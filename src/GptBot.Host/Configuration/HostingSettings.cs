using System.Net;

namespace GptBot.Host.Configuration;

/// <summary>NoneBot's HOST, PORT and NICKNAME, and ONEBOT_ALLOW_NO_TOKEN, onto <see cref="HostingOptions"/>.</summary>
internal static class HostingSettings
{
    public static FlatSection<HostingOptions> Section { get; } = new FlatSection<HostingOptions>()
        .Add(FlatSetting.Text("HOST"), o => o.Host, (o, v) => o.Host = v)
        .Add(FlatSetting.Int("PORT", 0, 65535), o => o.Port, (o, v) => o.Port = v)
        .Add(FlatSetting.List("NICKNAME"), o => o.Nicknames, (o, v) => o.Nicknames = v)
        .Add(FlatSetting.Bool("ONEBOT_ALLOW_NO_TOKEN"), o => o.AllowNoToken, (o, v) => o.AllowNoToken = v)
        .Rule("HOST", o => o.Host == "localhost" || IPAddress.TryParse(o.Host, out _)
            ? null
            : $"must be an IP address (127.0.0.1, 0.0.0.0, ::) or localhost, got '{o.Host}'")
        // localhost is two addresses (127.0.0.1 and ::1), and Kestrel cannot give both the same free port.
        .Rule("PORT", o => o.Host != "localhost" || o.Port != 0
            ? null
            : "must be a port number with HOST=localhost; 0 (any free port) needs an IP address such as HOST=127.0.0.1",
            "HOST");

    /// <summary>Whether the service listens on loopback only, where no one from outside the machine can connect.</summary>
    public static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
