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
        Proxy = options.Proxy is null ? null : LlmProxy.Create(options.Proxy),
        UseProxy = options.Proxy is not null,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = int.MaxValue,
        AutomaticDecompression = DecompressionMethods.All,
    };
}
