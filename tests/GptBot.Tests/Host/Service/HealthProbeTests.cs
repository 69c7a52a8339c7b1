using GptBot.Host.Service;

namespace GptBot.Tests.Host.Service;

/// <summary>The health check asks where the service listens; a wildcard listen address is asked on loopback.</summary>
[Trait("Category", "Unit")]
public sealed class HealthProbeTests
{
    [Theory]
    [InlineData("0.0.0.0", "127.0.0.1")]
    [InlineData("::", "[::1]")]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("192.0.2.10", "192.0.2.10")]
    [InlineData("::1", "[::1]")]
    public void The_probe_asks_the_listen_address_or_loopback_for_a_wildcard(string host, string asked)
    {
        Assert.Equal(asked, HealthProbe.ProbeAddress(host));
    }
}
