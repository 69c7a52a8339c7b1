using System.Net.Http.Headers;

namespace GptBot.Llm.WebSession;

/// <summary>The <c>__Secure-next-auth.session-token</c> cookie: sent by hand and read back from <c>Set-Cookie</c>.</summary>
internal static class SessionCookie
{
    public const string Name = "__Secure-next-auth.session-token";

    public static string Header(string sessionToken) => Name + "=" + sessionToken;

    /// <summary>
    /// The rotated session token the answer sets, or null when it sets none (the seed then stored None and lost the
    /// session; here the old token is kept). An emptied cookie (a logout) is not a rotation either.
    /// </summary>
    public static string? FindRotated(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Set-Cookie", out var values))
        {
            return null;
        }

        string? found = null;
        foreach (var header in values)
        {
            var pair = header.AsSpan();
            var end = pair.IndexOf(';');
            if (end >= 0)
            {
                pair = pair[..end];
            }

            var equals = pair.IndexOf('=');
            if (equals <= 0 || !pair[..equals].Trim().SequenceEqual(Name))
            {
                continue;
            }

            var value = pair[(equals + 1)..].Trim().Trim('"');
            if (!value.IsEmpty)
            {
                found = value.ToString();
            }
        }

        return found;
    }
}
