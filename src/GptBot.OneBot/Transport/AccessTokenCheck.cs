using System.Security.Cryptography;
using System.Text;

namespace GptBot.OneBot.Transport;

public enum AccessTokenVerdict
{
    Accepted,

    /// <summary>No token presented (or an empty <c>Bearer </c>): HTTP 401.</summary>
    Missing,

    /// <summary>A token that does not match: HTTP 403.</summary>
    Wrong,
}

/// <summary>
/// The access-token rule every implementation can satisfy: <c>Authorization: Bearer t</c> or <c>Token t</c> (scheme in
/// any case, go-cqhttp uses Token), else <c>?access_token=t</c>. With no token configured everything is accepted,
/// including NapCat's and Lagrange's empty <c>Bearer </c>.
/// </summary>
public static class AccessTokenCheck
{
    public static AccessTokenVerdict Verify(string configuredToken, string? authorizationHeader, string? queryToken)
    {
        if (configuredToken.Length == 0)
        {
            return AccessTokenVerdict.Accepted;
        }

        var presented = authorizationHeader is not null ? ReadHeaderToken(authorizationHeader) : queryToken;
        if (string.IsNullOrEmpty(presented))
        {
            // An empty "Bearer " header with a query token still counts: onebots sends both.
            presented = queryToken;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return AccessTokenVerdict.Missing;
        }

        return FixedTimeEquals(configuredToken, presented) ? AccessTokenVerdict.Accepted : AccessTokenVerdict.Wrong;
    }

    /// <summary>The token of a <c>Bearer</c> / <c>Token</c> header; empty for a bare scheme; the whole value for an unknown scheme.</summary>
    internal static string ReadHeaderToken(string header)
    {
        var value = header.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Token", StringComparison.OrdinalIgnoreCase))
        {
            return space < 0 ? string.Empty : value[(space + 1)..].Trim();
        }

        return value;
    }

    /// <summary>Compares SHA-256 digests in constant time, so neither the content nor the length of the token leaks through timing.</summary>
    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(actual)));
}
