using System.Text.Json;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.AspNetCore.WebUtilities;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>Turns HTTP failures of the Chat Completions call into <see cref="ChatBackendException"/>s carrying the seed's chat texts.</summary>
internal static class ChatErrorTranslator
{
    public const string StreamBroken = "与 LLM 服务的连接中断，请重试。";
    public const string StreamGarbled = "LLM 返回了无法解析的内容，请查看日志输出。";

    /// <summary>The chat's text for a transport failure, or null for anything else (ChatBackendException included), which passes through.</summary>
    public static ChatBackendException? Translate(Exception exception) => exception switch
    {
        HttpRequestException http => new ChatBackendException(ChatTexts.ConnectionFailed, "cannot reach the LLM: " + http.Message, http),
        IOException io => new ChatBackendException(StreamBroken, "the answer stream broke off: " + io.Message, io),
        JsonException json => new ChatBackendException(StreamGarbled, "the answer stream had invalid JSON: " + json.Message, json),
        _ => null,
    };

    /// <summary><c>error 429: Too Many Requests</c>: the reason phrase of the status line (HTTP/1.1), else the standard one.</summary>
    public static ChatBackendException FromStatus(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var reason = response.ReasonPhrase;
        if (string.IsNullOrEmpty(reason))
        {
            reason = ReasonPhrases.GetReasonPhrase(status);
        }

        var detail = $"HTTP {status} {reason}: {Truncate(body, 300)}";
        return new ChatBackendException(ChatTexts.HttpError(status, reason), detail)
        {
            ContextTooLong = status is 400 or 413 && SaysContextTooLong(body),
        };
    }

    /// <summary>How OpenAI, DeepSeek, vLLM and Ollama word "the prompt does not fit the model's context".</summary>
    public static bool SaysContextTooLong(string text) =>
        text.Contains("context_length_exceeded", StringComparison.OrdinalIgnoreCase)
        || text.Contains("maximum context length", StringComparison.OrdinalIgnoreCase)
        || text.Contains("too long", StringComparison.OrdinalIgnoreCase);

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
