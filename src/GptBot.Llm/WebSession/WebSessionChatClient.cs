using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using GptBot.Chat.Ports;
using GptBot.Llm.Resilience;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GptBot.Llm.WebSession;

/// <summary>
/// The seed's backend: <c>POST {base}/backend-api/conversation</c> of the ChatGPT web client, for reverse proxies that
/// still speak it. The backend keeps the history, so only the new prompt is sent, continuing the chat's thread from
/// <see cref="ChatOptions.ConversationId"/> (a <see cref="WebThreadState"/>); the thread's new position comes back as
/// the last update's <see cref="ChatResponseUpdate.ConversationId"/>. A refused access token is refreshed and the
/// request retried once. The domain's GPT_TIMEOUT cancels everything, refresh included. A refused connection passes up
/// unchanged, to be translated by the FailureTranslatingChatClient that the builder puts around every backend.
/// </summary>
internal sealed partial class WebSessionChatClient(
    HttpClient http, WebSessionAuthenticator authenticator, LlmOptions llmOptions, ILogger<WebSessionChatClient> logger) : IChatClient
{
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
    private readonly Uri _url = WebSessionUrls.Conversation(llmOptions.BaseUrl);
    private readonly ChatClientMetadata _metadata = new("chatgpt-web", llmOptions.BaseUrl, llmOptions.Model);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (messages.LastOrDefault(m => m.Role == ChatRole.User) is { } newest && newest.Contents.Any(content => content is DataContent or UriContent))
        {
            // The web protocol as the seed spoke it carries text only: say so rather than answer as if no image was sent.
            throw new ChatBackendException(ChatFailureKind.ImageInputUnsupported, "the web-session backend cannot send images (GPT_VISION is on)");
        }

        var thread = WebThreadState.Parse(options?.ConversationId) ?? WebThreadState.Fresh();
        // The web backend names its model in the body as the API does: a chat's own model (GPT_MODELS) goes there too.
        var body = ConversationRequestBody.Write(Guid.NewGuid().ToString(), PromptOf(messages), thread, options?.ModelId ?? llmOptions.Model);
        using var response = await SendWithRefreshAsync(body, options, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = new CumulativeText();
        var conversationId = thread.ConversationId;
        var parentId = thread.ParentMessageId;
        var answered = false;
        string? strayLine = null;
        while (await ReadLineAsync(reader, cancellationToken) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                // Blank separators, ": ping" keep-alives and "event:"/"id:" fields are normal; anything else is kept for the log.
                strayLine ??= IsStreamNoise(line) ? null : line;
                continue;
            }

            var frame = ConversationFrameParser.Parse(line[5..]);
            if (frame.Kind == ConversationFrameKind.Done)
            {
                break;
            }

            conversationId = frame.ConversationId ?? conversationId;
            if (frame.Kind == ConversationFrameKind.Error)
            {
                throw new ChatBackendException(ChatFailureKind.StreamError, "the web backend reported an error in the stream: " + frame.Error);
            }

            if (frame.Kind != ConversationFrameKind.Message)
            {
                continue;
            }

            parentId = frame.MessageId ?? parentId;
            if (frame.Text is { } snapshot && text.Next(frame.MessageId, snapshot) is { Length: > 0 } delta)
            {
                answered = true;
                yield return new ChatResponseUpdate(ChatRole.Assistant, delta);
            }
        }

        if (!answered && strayLine is not null)
        {
            throw new ChatBackendException(ChatFailureKind.InvalidResponse, "the web backend answered something that is not an event stream: " + WebSessionHttp.ForLog(strayLine));
        }

        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, ConversationId = new WebThreadState(conversationId, parentId).Serialize() };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The HttpClient belongs to the container.
    }

    /// <summary>
    /// The web backend keeps the thread, so only the newest user message is sent, without the speaker prefix the
    /// domain adds in groups (the seed sent the bare text).
    /// </summary>
    private static string PromptOf(IEnumerable<ChatMessage> messages)
    {
        var last = messages.LastOrDefault(m => m.Role == ChatRole.User)
            ?? throw new ArgumentException("the request has no user message", nameof(messages));
        return last.AdditionalProperties?.TryGetValue(ChatMessageProperties.PlainText, out var plain) == true && plain is string text ? text : last.Text;
    }

    private async Task<HttpResponseMessage> SendWithRefreshAsync(byte[] body, ChatOptions? options, CancellationToken cancellationToken)
    {
        await authenticator.WhenReadyAsync(cancellationToken);
        var credential = authenticator.Current;
        var response = await SendAsync(body, credential, options, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var (status, reason, errorBody) = await ReadErrorAsync(response, cancellationToken);
        if (!IsTokenRefused(status, errorBody))
        {
            throw HttpError(status, reason, errorBody);
        }

        LogTokenRefused(logger, status);
        if (!await authenticator.RefreshRejectedAsync(credential, cancellationToken))
        {
            // A refresh that gave up on its own time limit at the moment the answer's GPT_TIMEOUT ran out: the asker was
            // kept waiting too long, and that is what the chat is told.
            cancellationToken.ThrowIfCancellationRequested();
            throw new ChatBackendException(ChatFailureKind.SessionRefreshFailed, $"access token refused (HTTP {status}) and the session refresh failed (see the refresh log line)");
        }

        response = await SendAsync(body, authenticator.Current, options, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        (status, reason, errorBody) = await ReadErrorAsync(response, cancellationToken);
        throw IsTokenRefused(status, errorBody)
            ? new ChatBackendException(ChatFailureKind.SessionExpiredRefreshed, $"the refreshed access token was refused too (HTTP {status}): {WebSessionHttp.ForLog(errorBody)}")
            : HttpError(status, reason, errorBody);
    }

    private async Task<HttpResponseMessage> SendAsync(byte[] body, AccessCredential credential, ChatOptions? options, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = ConversationRequestBody.ToContent(body) };
        request.Headers.Accept.Add(EventStream);
        LlmRequestSource.Attach(request, options);
        request.Headers.TryAddWithoutValidation("User-Agent", WebSessionHttp.UserAgent);
        if (credential.Token is { Length: > 0 } token)
        {
            // The seed sent the token raw; the web client, revChatGPT, chatgpt-api and the proxies all expect "Bearer ".
            request.Headers.TryAddWithoutValidation("Authorization", token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? token : "Bearer " + token);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static async Task<(int Status, string Reason, string Body)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            var status = (int)response.StatusCode;
            var reason = string.IsNullOrEmpty(response.ReasonPhrase) ? ReasonPhrases.GetReasonPhrase(status) : response.ReasonPhrase;
            string body;
            try
            {
                body = await BoundedBody.ReadAsync(response.Content, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                body = string.Empty;
            }

            return (status, reason, body);
        }
    }

    /// <summary>401, or a <c>detail.code</c> of <c>token_expired</c> / <c>invalid_api_key</c> (revChatGPT refreshed on both).</summary>
    private static bool IsTokenRefused(int status, string body)
    {
        if (status == (int)HttpStatusCode.Unauthorized)
        {
            return true;
        }

        if (body.Length == 0 || body.AsSpan().TrimStart() is not ['{', ..])
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object
                && detail.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                && code.GetString() is "token_expired" or "invalid_api_key";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ChatBackendException HttpError(int status, string reason, string body) =>
        new(new ChatFailure(ChatFailureKind.HttpStatus, $"HTTP {status} {reason}: {WebSessionHttp.ForLog(body)}")
        {
            StatusCode = status,
            ReasonPhrase = reason,
            ProviderCode = ProviderErrorCode.Read(body),
        });

    private static bool IsStreamNoise(string line) =>
        line.Length == 0 || line[0] == ':' || line.StartsWith("event:", StringComparison.Ordinal)
        || line.StartsWith("id:", StringComparison.Ordinal) || line.StartsWith("retry:", StringComparison.Ordinal);

    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The headers came, so the backend was reached: a failure now is the answer breaking off, not "unreachable".
            throw new ChatBackendException(ChatFailureKind.StreamCut, "the answer stream broke off: " + ex.Message, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web backend refused the access token (HTTP {Status}); refreshing the session")]
    private static partial void LogTokenRefused(ILogger logger, int status);
}
