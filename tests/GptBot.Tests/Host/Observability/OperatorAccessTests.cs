using System.Net;
using GptBot.Host.Configuration;
using GptBot.Host.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Host.Observability;

/// <summary>
/// Who may read /metrics and the details of /healthz: a caller on this machine that no proxy forwarded, or whoever
/// brings GPT_ADMIN_TOKEN. The integration tests reach the service over loopback only, so the remote cases are here.
/// </summary>
public sealed class OperatorAccessTests
{
    private const string Token = "the-admin-token";

    [Theory]
    [InlineData("127.0.0.1", null, null, nameof(OperatorVerdict.Loopback))]
    [InlineData("::1", null, null, nameof(OperatorVerdict.Loopback))]
    [InlineData("::ffff:127.0.0.1", null, null, nameof(OperatorVerdict.Loopback))]
    [InlineData("127.0.0.1", "X-Forwarded-For", null, nameof(OperatorVerdict.Missing))]
    [InlineData("127.0.0.1", "Forwarded", null, nameof(OperatorVerdict.Missing))]
    [InlineData("192.0.2.7", null, null, nameof(OperatorVerdict.Missing))]
    [InlineData("::ffff:192.0.2.7", null, null, nameof(OperatorVerdict.Missing))]
    [InlineData("192.0.2.7", null, "Bearer " + Token, nameof(OperatorVerdict.Token))]
    [InlineData("192.0.2.7", null, "bearer  " + Token + " ", nameof(OperatorVerdict.Token))]
    [InlineData("192.0.2.7", null, "Bearer the-admin-tokem", nameof(OperatorVerdict.Wrong))]
    [InlineData("127.0.0.1", null, "Bearer the-admin-tokem", nameof(OperatorVerdict.Wrong))]
    [InlineData("192.0.2.7", null, "Basic dXNlcjpwYXNz", nameof(OperatorVerdict.Missing))]
    public void Judges_by_address_forwarding_and_token(string remote, string? forwardingHeader, string? authorization, string expected)
    {
        var context = Request(remote, forwardingHeader, authorization);

        Assert.Equal(Enum.Parse<OperatorVerdict>(expected), Access(Token).Judge(context));
    }

    [Fact]
    public void Without_a_configured_token_no_presented_token_is_accepted()
    {
        var context = Request("192.0.2.7", null, "Bearer ");
        var anything = Request("192.0.2.7", null, "Bearer anything");

        Assert.Equal(OperatorVerdict.Missing, Access(string.Empty).Judge(context));
        Assert.Equal(OperatorVerdict.Wrong, Access(string.Empty).Judge(anything));
    }

    private static OperatorAccess Access(string token) => new(Options.Create(new AdminOptions { Token = token }));

    private static DefaultHttpContext Request(string remote, string? forwardingHeader, string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardingHeader is not null)
        {
            context.Request.Headers[forwardingHeader] = "203.0.113.9";
        }

        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }
}
