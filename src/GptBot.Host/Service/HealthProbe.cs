using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GptBot.Host.Configuration;

namespace GptBot.Host.Service;

/// <summary>
/// <c>GptBot --healthcheck</c>: asks the running service's <c>/healthz/live</c> on the address its settings give and
/// exits 0 when it answers, 1 when not. A container health check runs it: the runtime image has no curl, and this
/// binary is already there and reads HOST and PORT exactly as the service does. It asks liveness, not readiness: a
/// fresh start with no bot connected yet, or a provider that is down for a while, is not fixed by restarting the
/// container, and must not mark it unhealthy.
/// </summary>
internal static class HealthProbe
{
    public const string Flag = "--healthcheck";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string directory, string[] args)
    {
        var configuration = new ConfigurationBuilder();
        SettingsSources.AddTo(configuration, directory, args);
        var hosting = HostingSettings.Section.Read(configuration.Build());
        if (hosting.Port == 0)
        {
            await Console.Error.WriteLineAsync("unhealthy: PORT=0 takes any free port, so there is no fixed address to ask");
            return 1;
        }

        var url = new Uri($"http://{ProbeAddress(hosting.Host)}:{hosting.Port.ToString(CultureInfo.InvariantCulture)}/healthz/live");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                await Console.Out.WriteLineAsync($"healthy: {body}");
                return 0;
            }

            await Console.Error.WriteLineAsync($"unhealthy: {url} answered {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"unhealthy: {url}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The address to ask: a wildcard listen address (0.0.0.0, ::) is reached on loopback.</summary>
    internal static string ProbeAddress(string host)
    {
        if (!IPAddress.TryParse(host, out var address))
        {
            return "127.0.0.1"; // localhost: Kestrel listens on 127.0.0.1 and ::1
        }

        if (address.Equals(IPAddress.Any))
        {
            return "127.0.0.1";
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return "[::1]";
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
