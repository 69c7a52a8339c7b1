using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace GptBot.Tests.OneBot.Fakes;

/// <summary>Two ends of one real WebSocket over a loopback TCP connection: the bot's (server) side and the implementation's.</summary>
internal sealed class LoopbackWebSocketPair : IDisposable
{
    private readonly TcpClient _serverTcp;
    private readonly TcpClient _clientTcp;

    private LoopbackWebSocketPair(TcpClient serverTcp, TcpClient clientTcp)
    {
        _serverTcp = serverTcp;
        _clientTcp = clientTcp;
        Server = WebSocket.CreateFromStream(serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        Implementation = WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
    }

    public WebSocket Server { get; }

    public WebSocket Implementation { get; }

    public static async Task<LoopbackWebSocketPair> CreateAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptTcpClientAsync();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        return new LoopbackWebSocketPair(await accepting, client);
    }

    /// <summary>
    /// Plays the implementation: collects every text frame until the bot's close frame, then answers the close. Ends
    /// when the connection has ended, however it ended.
    /// </summary>
    public async Task<List<string>> ReceiveUntilClosedAsync()
    {
        var frames = new List<string>();
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await Implementation.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await Implementation.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return frames;
                }

                frame.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    frames.Add(System.Text.Encoding.UTF8.GetString(frame.ToArray()));
                    frame.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            return frames;
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        Implementation.Dispose();
        _serverTcp.Dispose();
        _clientTcp.Dispose();
    }
}
