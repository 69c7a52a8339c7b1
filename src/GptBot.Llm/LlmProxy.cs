using System.Net;

namespace GptBot.Llm;

/// <summary>GPT_PROXY as every backend's HTTP handler uses it.</summary>
internal static class LlmProxy
{
    /// <summary>
    /// The seed passed GPT_PROXY to aiohttp, which honours <c>http://user:pass@host:port</c>; WebProxy ignores the user
    /// info of its address, so the credentials are taken out and given to it explicitly. The address kept has none,
    /// so an error that names the proxy ("the proxy tunnel request to proxy '...' failed") never shows them.
    /// </summary>
    public static WebProxy Create(Uri proxy)
    {
        if (proxy.UserInfo.Length == 0)
        {
            return new WebProxy(proxy);
        }

        var separator = proxy.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = separator < 0 ? proxy.UserInfo : proxy.UserInfo[..separator];
        var password = separator < 0 ? string.Empty : proxy.UserInfo[(separator + 1)..];
        var address = new UriBuilder(proxy) { UserName = string.Empty, Password = string.Empty }.Uri;
        return new WebProxy(address)
        {
            Credentials = new NetworkCredential(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password)),
        };
    }
}
