using System.ClientModel;
using System.Net;
using System.Text.Json;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.AspNetCore.WebUtilities;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>Turns what the OpenAI client throws into <see cref="ChatBackendException"/>s carrying the seed's chat texts.</summary>
internal static class ChatErrorTranslator
{
    public const string StreamBroken = "与 LLM 服务的连接中断，请重试。";
    public const string StreamGarbled = "LLM 返回了无法解析的内容，请查看日志输出。";

    public static ChatBackendException? Translate(Exception exception) => exception switch
    {
        ChatBackendException => null,
        ClientResultException { Status: > 0 } result => FromStatus(result.Status, result.GetRawResponse(), result),
        ClientResultException result when result.InnerException is HttpRequestException http => FromHttp(http),
        HttpRequestException http => FromHttp(http),
        HttpIOException io => new ChatBackendException(StreamBroken, "the answer stream broke off: " + io.Message, io),
        IOException io => new ChatBackendException(StreamBroken, "the answer stream broke off: " + io.Message, io),
        JsonException json => new ChatBackendException(StreamGarbled, "the answer stream had invalid JSON: " + json.Message, json),
        _ => null,
    };

    private static ChatBackendException FromStatus(int status, System.ClientModel.Primitives.PipelineResponse? response, Exception inner)
    {
        var reason = response?.ReasonPhrase;
        if (string.IsNullOrEmpty(reason))
        {
            reason = ReasonPhrases.GetReasonPhrase(status);
        }

        string body;
        try
        {
            body = response?.Content?.ToString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            body = string.Empty;
        }

        var tooLong = status is 400 or 413 && (body.Contains("context_length_exceeded", StringComparison.OrdinalIgnoreCase)
            || body.Contains("maximum context length", StringComparison.OrdinalIgnoreCase)
            || body.Contains("too long", StringComparison.OrdinalIgnoreCase));
        var detail = $"HTTP {status} {reason}: {Truncate(body, 300)}";
        return new ChatBackendException(ChatTexts.HttpError(status, reason), detail, inner) { ContextTooLong = tooLong };
    }

    private static ChatBackendException FromHttp(HttpRequestException http) =>
        http.StatusCode is { } code
            ? new ChatBackendException(ChatTexts.HttpError((int)code, ReasonPhrases.GetReasonPhrase((int)code)), http.Message, http)
            : new ChatBackendException(ChatTexts.ConnectionFailed, "cannot reach the LLM: " + http.Message, http);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
