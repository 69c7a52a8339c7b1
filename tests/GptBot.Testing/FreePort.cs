using System.Net;
using System.Net.Sockets;

namespace GptBot.Testing;

/// <summary>
/// Loopback ports for servers that must be told their port before they start (a GptBot process, the load test's
/// ceiling), and for addresses where nothing may listen.
/// </summary>
public static class FreePort
{
    /// <summary>
    /// A port nothing listens on now. The OS hands out ephemeral ports in turn, so the short gap until the caller's
    /// server binds it is safe in practice.
    /// </summary>
    public static int Pick()
    {
        using var listener = Occupy();
        return PortOf(listener);
    }

    /// <summary>A port held by a listener that accepts nobody, for a server that must find its port taken.</summary>
    public static TcpListener Occupy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    public static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;
}
