using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// A lean streaming Chat Completions client (OpenAI, DeepSeek, Qwen, Ollama, vLLM...) on HttpClient. It replaced the
/// OpenAI SDK + <c>AsIChatClient</c>, which cost about 23 KB and 0.3 ms CPU per answer against 5 KB / 0.05 ms here
/// (docs/readme-parts/bench.md). Every failure reaches the domain as a ChatBackendException with the chat's text,
/// except after the caller cancelled (GPT_TIMEOUT, shutdown): the caller knows why it stopped.
/// </summary>
public sealed class OpenAiCompatibleChatClient : IChatClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly string? _authorization;

    /// <param name="handler">The LLM pipeline (retries, circuit breaker, key rotation); not disposed with the client.</param>
    public OpenAiCompatibleChatClient(LlmOptions options, HttpMessageHandler handler)
    {
        // GPT_TIMEOUT bounds the whole answer in the domain, through the caller's token.
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _endpoint = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");
        _model = options.Model;

        // With several keys ApiKeyRotationHandler replaces this per request; local servers (Ollama) need none at all.
        _authorization = options.ApiKeys.Count > 0 ? "Bearer " + options.ApiKeys[0] : null;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(messages, cancellationToken);
        IAsyncEnumerator<SseItem<ChatChunk>>? events = null;
        try
        {
            while (true)
            {
                string? text;
                try
                {
                    events ??= SseParser.Create(await response.Content.ReadAsStreamAsync(cancellationToken), ChatChunkParser.Parse)
                        .EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                    if (!await events.MoveNextAsync())
                    {
                        yield break;
                    }

                    var chunk = events.Current.Data;
                    if (chunk.IsEnd)
                    {
                        yield break;
                    }

                    text = chunk.Text;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ChatErrorTranslator.Translate(ex) is { } translated)
                {
                    throw translated;
                }

                if (text is { Length: > 0 })
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, text);
                }
            }
        }
        finally
        {
            if (events is not null)
            {
                await events.DisposeAsync();
            }
        }
    }

    /// <summary>Sends the request and returns a 2xx response with its body unread; anything else becomes the chat's error.</summary>
    private async Task<HttpResponseMessage> SendAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(ChatRequestWriter.Write(_model, messages)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        if (_authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ChatErrorTranslator.Translate(ex) is { } translated)
        {
            throw translated;
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw ChatErrorTranslator.FromStatus(response, await ReadErrorBodyAsync(response, cancellationToken));
        }
    }

    /// <summary>The error body, for the log and the context-length check; a body that cannot be read is just left out.</summary>
    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return string.Empty;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => _http.Dispose();
}
