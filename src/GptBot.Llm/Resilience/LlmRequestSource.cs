using GptBot.Chat.Ports;
using Microsoft.Extensions.AI;

namespace GptBot.Llm.Resilience;

/// <summary>
/// The chat an LLM HTTP request is made for, carried on the request itself (<see cref="HttpRequestMessage.Options"/>)
/// from the <see cref="ChatOptions"/> the domain passed to the backend. The circuit breaker uses it to require failures
/// from more than one chat. A request without one (a web-session refresh, a stock client) counts as one unnamed chat.
/// </summary>
public static class LlmRequestSource
{
    private static readonly HttpRequestOptionsKey<string> Key = new("GptBot.Conversation");

    /// <summary>Copies the conversation named in <paramref name="options"/>, if any, onto <paramref name="request"/>.</summary>
    public static void Attach(HttpRequestMessage request, ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(ChatOptionsProperties.Conversation, out var value) == true && value is string { Length: > 0 } conversation)
        {
            Set(request, conversation);
        }
    }

    public static void Set(HttpRequestMessage request, string conversation) => request.Options.Set(Key, conversation);

    /// <summary>The conversation the request is made for; null when none was attached.</summary>
    public static string? Of(HttpRequestMessage request) => request.Options.TryGetValue(Key, out var conversation) ? conversation : null;
}
