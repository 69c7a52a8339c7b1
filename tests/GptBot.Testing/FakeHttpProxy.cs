using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GptBot.Testing;

/// <summary>
/// An HTTP proxy on loopback that demands Basic credentials, as a company or paid proxy does: a request without the
/// right <c>Proxy-Authorization</c> gets 407 with a Basic challenge and the connection is closed; with them, a plain
/// HTTP request (absolute-form) is relayed to its host and a CONNECT opens a tunnel, byte for byte both ways, so
/// server-sent events stream through unchanged. Each relayed connection carries one request.
/// </summary>
public sealed class FakeHttpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _expected;
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private Task? _accepting;
    private int _refused;
    private int _relayed;

    private FakeHttpProxy(string user, string password) =>
        _expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    /// <summary>Requests turned away with 407 (a client's first, credential-less try counts too).</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Requests and tunnels relayed with the right credentials.</summary>
    public int Relayed => Volatile.Read(ref _relayed);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The proxy URL with credentials in it, as an operator writes GPT_PROXY (both parts URL-escaped).</summary>
    public string UrlWith(string user, string password) =>
        string.Create(CultureInfo.InvariantCulture, $"http://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@127.0.0.1:{Port}");

    /// <summary>Starts a proxy that accepts only <paramref name="user"/> with <paramref name="password"/>.</summary>
    public static FakeHttpProxy Start(string user, string password)
    {
        var proxy = new FakeHttpProxy(user, password);
        proxy._listener.Start();
        proxy._accepting = proxy.AcceptAsync(proxy._stopping.Token);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Task[] connections;
        lock (_lock)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll([_accepting ?? Task.CompletedTask, .. connections]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock)
            {
                _connections.RemoveAll(task => task.IsCompleted);
                _connections.Add(ServeAsync(client, cancellationToken));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (head, extra) = await ReadHeadAsync(stream, cancellationToken);
                if (head is null)
                {
                    return;
                }

                var lines = head.Split("\r\n");
                var request = lines[0].Split(' ');
                var headers = lines.Skip(1).Where(line => line.Contains(':', StringComparison.Ordinal)).ToList();
                var credentials = headers.FirstOrDefault(line => line.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase));
                if (credentials is null || credentials["Proxy-Authorization:".Length..].Trim() != _expected)
                {
                    Interlocked.Increment(ref _refused);
                    await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"fake\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", cancellationToken);
                    return;
                }

                Interlocked.Increment(ref _relayed);
                if (request[0] == "CONNECT")
                {
                    var target = request[1].Split(':');
                    using var tunnel = new TcpClient();
                    await tunnel.ConnectAsync(target[0], int.Parse(target[1], CultureInfo.InvariantCulture), cancellationToken);
                    await WriteAsync(stream, "HTTP/1.1 200 Connection Established\r\n\r\n", cancellationToken);
                    await RelayAsync(stream, tunnel.GetStream(), extra, cancellationToken);
                    return;
                }

                var url = new Uri(request[1]);
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(url.Host, url.Port, cancellationToken);
                var forwarded = new StringBuilder($"{request[0]} {url.PathAndQuery} {request[2]}\r\n");
                foreach (var header in headers.Where(line => !line.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) && !line.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)))
                {
                    forwarded.Append(header).Append("\r\n");
                }

                forwarded.Append("Connection: close\r\n\r\n");
                await WriteAsync(upstream.GetStream(), forwarded.ToString(), cancellationToken);
                await RelayAsync(stream, upstream.GetStream(), extra, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client or the target went away: so does this connection.
            }
        }
    }

    /// <summary>
    /// Copies both ways until one side ends: the target closes after its one answer (everything it sent has been
    /// passed on by then), or the client leaves.
    /// </summary>
    private static async Task RelayAsync(NetworkStream client, NetworkStream target, byte[] alreadyRead, CancellationToken cancellationToken)
    {
        if (alreadyRead.Length > 0)
        {
            await target.WriteAsync(alreadyRead, cancellationToken);
        }

        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = client.CopyToAsync(target, done.Token);
        var down = target.CopyToAsync(client, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        await Task.WhenAll(up, down).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The request head (up to the blank line) and any bytes read past it; a null head when the client left first.</summary>
    private static async Task<(string? Head, byte[] Extra)> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return (null, []);
            }

            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(buffer, 0, end), buffer[(end + 4)..length]);
            }
        }

        return (null, []);
    }

    private static async Task WriteAsync(NetworkStream stream, string text, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
