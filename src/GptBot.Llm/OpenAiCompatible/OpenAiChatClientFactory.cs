using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Microsoft.Extensions.AI;
using OpenAI;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// Builds the Chat Completions client on the official OpenAI library. The library's own retries and timeouts are off:
/// GPT_TIMEOUT covers the whole answer in the domain, and retries belong to the HTTP pipeline.
/// </summary>
public static class OpenAiChatClientFactory
{
    public static IChatClient Create(LlmOptions options, HttpMessageHandler handler)
    {
        var httpClient = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.BaseUrl,
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromHours(1),
        };

        // Ollama and some local servers ignore the key, but the library requires one.
        var key = options.ApiKeys.Count > 0 ? options.ApiKeys[0] : "unused";
        var client = new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(options.Model).AsIChatClient();
        return new ErrorTranslatingChatClient(client);
    }

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
