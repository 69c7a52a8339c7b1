using System.Net;
using Microsoft.Extensions.AI;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>Builds the Chat Completions client and the socket handler under its HTTP pipeline.</summary>
public static class OpenAiChatClientFactory
{
    public static IChatClient Create(LlmOptions options, HttpMessageHandler handler) => new OpenAiCompatibleChatClient(options, handler);

    /// <summary>The socket handler for LLM traffic: GPT_PROXY if set, otherwise a direct connection.</summary>
    public static SocketsHttpHandler CreateHandler(LlmOptions options) => new()
    {
        Proxy = options.Proxy is null ? null : CreateProxy(options.Proxy),
        UseProxy = options.Proxy is not null,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = int.MaxValue,
        AutomaticDecompression = DecompressionMethods.All,
    };

    /// <summary>
    /// The seed passed GPT_PROXY to aiohttp, which honours <c>http://user:pass@host:port</c>; WebProxy ignores the
    /// user info of its address, so the credentials are taken out and given to it explicitly.
    /// </summary>
    internal static WebProxy CreateProxy(Uri proxy)
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
