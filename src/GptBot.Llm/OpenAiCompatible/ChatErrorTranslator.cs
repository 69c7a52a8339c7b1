using GptBot.Chat.Ports;
using Microsoft.AspNetCore.WebUtilities;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// Turns an error answer of the Chat Completions call into a <see cref="ChatBackendException"/> of the right kind.
/// Transport exceptions are not handled here: they pass up to the <see cref="FailureTranslatingChatClient"/> that the
/// builder puts around every backend.
/// </summary>
internal static class ChatErrorTranslator
{
    /// <summary>An HTTP error status: the reason phrase of the status line (HTTP/1.1), else the standard one.</summary>
    public static ChatBackendException FromStatus(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var reason = response.ReasonPhrase;
        if (string.IsNullOrEmpty(reason))
        {
            reason = ReasonPhrases.GetReasonPhrase(status);
        }

        var kind = status is 400 or 413 && SaysContextTooLong(body) ? ChatFailureKind.ContextTooLong : ChatFailureKind.HttpStatus;
        return new ChatBackendException(new ChatFailure(kind, $"HTTP {status} {reason}: {Truncate(body, 300)}")
        {
            StatusCode = status,
            ReasonPhrase = reason,
            ProviderCode = ProviderErrorCode.Read(body),
        });
    }

    /// <summary>How OpenAI, DeepSeek, vLLM and Ollama word "the prompt does not fit the model's context".</summary>
    public static bool SaysContextTooLong(string text) =>
        text.Contains("context_length_exceeded", StringComparison.OrdinalIgnoreCase)
        || text.Contains("maximum context length", StringComparison.OrdinalIgnoreCase)
        || text.Contains("too long", StringComparison.OrdinalIgnoreCase);

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
