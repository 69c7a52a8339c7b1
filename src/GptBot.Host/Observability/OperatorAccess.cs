using System.Net;
using System.Security.Cryptography;
using System.Text;
using GptBot.Host.Configuration;
using Microsoft.Extensions.Options;

namespace GptBot.Host.Observability;

/// <summary>Whether a request to the operator's endpoints (/metrics, the details of /healthz) may be answered.</summary>
internal enum OperatorVerdict
{
    /// <summary>It carried GPT_ADMIN_TOKEN.</summary>
    Token,

    /// <summary>It came from this machine, not through a proxy, without the token.</summary>
    Loopback,

    /// <summary>From elsewhere, without the token (or no token is configured): 401 when it could bring one, else 403.</summary>
    Missing,

    /// <summary>It carried a token, and not the right one: 403.</summary>
    Wrong,
}

/// <summary>
/// Decides who is the operator: whoever presents GPT_ADMIN_TOKEN (<c>Authorization: Bearer &lt;token&gt;</c>, compared in
/// constant time), or a caller on this machine. A request a reverse proxy forwarded counts as remote even though it
/// reaches Kestrel from loopback: the proxy says so in a forwarding header, and the caller behind it may be anyone.
/// </summary>
internal sealed class OperatorAccess(IOptions<AdminOptions> options)
{
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"];

    public bool HasToken => options.Value.Token.Length > 0;

    public OperatorVerdict Judge(HttpContext context)
    {
        var token = options.Value.Token;
        var presented = PresentedToken(context.Request.Headers.Authorization.ToString());
        if (presented.Length > 0)
        {
            return token.Length > 0 && FixedTimeEquals(token, presented) ? OperatorVerdict.Token : OperatorVerdict.Wrong;
        }

        return IsLocal(context) ? OperatorVerdict.Loopback : OperatorVerdict.Missing;
    }

    /// <summary>A caller on this machine, and not one a proxy on this machine forwarded.</summary>
    public static bool IsLocal(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            // No address at all: an in-process server (tests' TestServer); nothing outside the process can reach it.
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (!IPAddress.IsLoopback(address))
        {
            return false;
        }

        foreach (var header in ForwardingHeaders)
        {
            if (context.Request.Headers.ContainsKey(header))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The token of a <c>Bearer</c> header; empty when there is none.</summary>
    private static string PresentedToken(string header)
    {
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : string.Empty;
    }

    /// <summary>Compares SHA-256 digests in constant time, so neither the content nor the length of the token leaks through timing.</summary>
    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(actual)));
}
