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
    /// <param name="sentImages">Whether the request carried images: a 4xx about them then means the model cannot see images.</param>
    public static ChatBackendException FromStatus(HttpResponseMessage response, string body, bool sentImages = false)
    {
        var status = (int)response.StatusCode;
        var reason = response.ReasonPhrase;
        if (string.IsNullOrEmpty(reason))
        {
            reason = ReasonPhrases.GetReasonPhrase(status);
        }

        var kind = status is 400 or 413 && SaysContextTooLong(body) ? ChatFailureKind.ContextTooLong
            : sentImages && status is >= 400 and < 500 and not (401 or 402 or 403 or 408 or 429) && SaysImagesRefused(body) ? ChatFailureKind.ImageInputRefused
            : ChatFailureKind.HttpStatus;
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

    /// <summary>
    /// How providers word "this model takes no images": OpenAI's <c>image_url is only supported by certain models</c>,
    /// vLLM's and Ollama's "does not support images/vision", DashScope's "multimodal" refusals. Asked only when the
    /// request had images, so a mention of "image" is enough.
    /// </summary>
    public static bool SaysImagesRefused(string text) =>
        text.Contains("image", StringComparison.OrdinalIgnoreCase)
        || text.Contains("vision", StringComparison.OrdinalIgnoreCase)
        || text.Contains("multimodal", StringComparison.OrdinalIgnoreCase)
        || text.Contains("content type", StringComparison.OrdinalIgnoreCase);

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
