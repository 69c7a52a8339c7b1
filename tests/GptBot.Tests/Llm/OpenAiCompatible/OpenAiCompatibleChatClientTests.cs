using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Llm;
using GptBot.Llm.OpenAiCompatible;
using GptBot.Llm.Resilience;
using Microsoft.Extensions.AI;

namespace GptBot.Tests.Llm.OpenAiCompatible;

/// <summary>
/// The client against a scripted socket end: the wire request, SSE reading and failure kinds. Transport failures are
/// checked under the failure translator, as the host composes every backend.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class OpenAiCompatibleChatClientTests
{
    private const string Answer =
        ": keep-alive\r\n\r\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\r\n\r\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"thinking...\"}}]}\r\n\r\n"
        + ": OPENROUTER PROCESSING\r\n\r\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"你好，\"}}]}\r\n\r\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"world\\n\"}}]}\r\n\r\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n"
        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}\r\n\r\n"
        + "data: [DONE]\r\n\r\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"after done\"}}]}\r\n\r\n";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Keep_alives_reasoning_and_usage_are_skipped_and_the_answer_stops_at_done(int readSize)
    {
        using var client = Client(_ => Sse(Answer, readSize));

        Assert.Equal(["你好，", "world\n"], await TextsAsync(client));
    }

    [Fact]
    public async Task Reasoning_arrives_as_reasoning_content_never_as_text()
    {
        using var client = Client(_ => Sse(Answer, 4096));

        var reasoning = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken))
        {
            reasoning.AddRange(update.Contents.OfType<TextReasoningContent>().Select(content => content.Text));
            Assert.DoesNotContain("thinking", update.Text, StringComparison.Ordinal);
        }

        Assert.Equal(["thinking..."], reasoning);
    }

    [Fact]
    public async Task Lf_only_line_endings_and_a_stream_without_done_end_cleanly()
    {
        using var client = Client(_ => Sse("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n", 3));

        Assert.Equal(["a", "b"], await TextsAsync(client));
    }

    [Fact]
    public async Task The_request_goes_to_chat_completions_with_key_json_and_an_sse_accept()
    {
        HttpRequestMessage? seen = null;
        byte[] body = [];
        using var client = Client(request =>
        {
            seen = request;
            body = request.Content!.ReadAsByteArrayAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
            return Sse("data: [DONE]\n\n", 64);
        }, baseUrl: "http://llm.local:8080/api/v1/", keys: ["sk-one", "sk-two"]);

        await TextsAsync(client);

        Assert.Equal(HttpMethod.Post, seen!.Method);
        Assert.Equal(new Uri("http://llm.local:8080/api/v1/chat/completions"), seen.RequestUri);
        Assert.Equal(new AuthenticationHeaderValue("Bearer", "sk-one"), seen.Headers.Authorization);
        Assert.Equal("text/event-stream", Assert.Single(seen.Headers.Accept).MediaType);
        Assert.Equal("application/json", seen.Content!.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("gpt-test", json.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task The_chat_and_the_answer_limit_ride_on_the_request_but_only_the_limit_is_a_wire_field()
    {
        string? chat = null;
        var body = string.Empty;
        using var client = Client(request =>
        {
            chat = LlmRequestSource.Of(request);
            body = request.Content!.ReadAsStringAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
            return Sse("data: [DONE]\n\n", 64);
        });
        var options = new ChatOptions
        {
            MaxOutputTokens = 64,
            AdditionalProperties = new AdditionalPropertiesDictionary { [ChatOptionsProperties.Conversation] = "10001:group:20002" },
        };

        await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], options, TestContext.Current.CancellationToken))
        {
        }

        Assert.Equal("10001:group:20002", chat);
        Assert.Equal("""{"model":"gpt-test","stream":true,"stream_options":{"include_usage":true},"max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""", body);
    }

    [Theory]
    [InlineData("http://llm.local/v1")]
    [InlineData("http://llm.local/v1/")]
    public async Task The_base_url_is_joined_with_or_without_a_trailing_slash(string baseUrl)
    {
        Uri? target = null;
        using var client = Client(request =>
        {
            target = request.RequestUri;
            return Sse("data: [DONE]\n\n", 64);
        }, baseUrl);

        await TextsAsync(client);

        Assert.Equal(new Uri("http://llm.local/v1/chat/completions"), target);
    }

    [Fact]
    public async Task Without_a_key_no_authorization_is_sent()
    {
        AuthenticationHeaderValue? authorization = new("x");
        using var client = Client(request =>
        {
            authorization = request.Headers.Authorization;
            return Sse("data: [DONE]\n\n", 64);
        }, keys: []);

        await TextsAsync(client);

        Assert.Null(authorization);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "Slow Down", "error 429: Too Many Requests", "HTTP 429 Slow Down: <html>nginx</html>")]
    [InlineData(HttpStatusCode.BadGateway, null, "error 502: Bad Gateway", "HTTP 502 Bad Gateway: <html>nginx</html>")]
    public async Task An_http_error_gives_the_chat_the_standard_reason_and_the_log_the_one_sent(HttpStatusCode status, string? reason, string chat, string log)
    {
        using var client = Client(_ => new HttpResponseMessage(status) { ReasonPhrase = reason, Content = new StringContent("<html>nginx</html>") });

        var error = await Assert.ThrowsAsync<ChatBackendException>(() => TextsAsync(client));

        Assert.Equal(ChatFailureKind.HttpStatus, error.Failure.Kind);
        Assert.Equal((int)status, error.Failure.StatusCode);
        Assert.Equal(chat, FailureTexts.For(error.Failure));
        Assert.Equal(log, error.Message);
    }

    [Fact]
    public async Task A_context_length_refusal_is_flagged()
    {
        using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"error":{"message":"This model's maximum context length is 8192 tokens","code":"context_length_exceeded"}}"""),
        });

        var error = await Assert.ThrowsAsync<ChatBackendException>(() => TextsAsync(client));

        Assert.Equal(ChatFailureKind.ContextTooLong, error.Failure.Kind);
        Assert.Equal("context_length_exceeded", error.Failure.ProviderCode);
        Assert.Equal("error 400: Bad Request", FailureTexts.For(error.Failure));
    }

    [Fact]
    public async Task An_in_stream_error_fails_the_answer_after_the_text_before_it()
    {
        using var client = Client(_ => Sse("data: {\"choices\":[{\"delta\":{\"content\":\"par\"}}]}\n\ndata: {\"error\":{\"message\":\"overloaded\"}}\n\n", 5));
        var texts = new List<string>();

        var error = await Assert.ThrowsAsync<ChatBackendException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken))
            {
                texts.Add(update.Text);
            }
        });

        Assert.Equal(["par"], texts);
        Assert.Equal(ChatFailureKind.ProviderError, error.Failure.Kind);
    }

    [Fact]
    public async Task A_stream_that_breaks_off_says_the_connection_broke()
    {
        using var client = Translated(Client(_ => Sse("data: {\"choices\":[{\"delta\":{\"content\":\"par\"}}]}\n\n", 8, cutAtEnd: true)));

        var error = await Assert.ThrowsAsync<ChatBackendException>(() => TextsAsync(client));

        Assert.Equal(ChatFailureKind.StreamCut, error.Failure.Kind);
    }

    [Fact]
    public async Task Invalid_json_says_the_answer_was_garbled()
    {
        using var client = Translated(Client(_ => Sse("data: {\"choices\":[{\"delta\":{\"content\":\"half\n\ndata: [DONE]\n\n", 8)));

        var error = await Assert.ThrowsAsync<ChatBackendException>(() => TextsAsync(client));

        Assert.Equal(ChatFailureKind.StreamGarbled, error.Failure.Kind);
    }

    [Fact]
    public async Task A_refused_connection_says_the_llm_cannot_be_reached()
    {
        using var client = Translated(Client(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")));

        var error = await Assert.ThrowsAsync<ChatBackendException>(() => TextsAsync(client));

        Assert.Equal(ChatFailureKind.Unreachable, error.Failure.Kind);
    }

    [Fact]
    public async Task Cancellation_passes_through_untranslated()
    {
        using var cancel = new CancellationTokenSource();
        using var client = Translated(Client(_ =>
        {
            cancel.Cancel();
            throw new TaskCanceledException("the caller gave up");
        }));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TextsAsync(client, cancel.Token));
    }

    [Fact]
    public async Task The_non_streaming_call_aggregates_the_stream()
    {
        using var client = Client(_ => Sse(Answer, 16));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("你好，world\n", response.Text);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
    }

    private static OpenAiCompatibleChatClient Client(
        Func<HttpRequestMessage, HttpResponseMessage> answer, string baseUrl = "http://llm.local/v1", IReadOnlyList<string>? keys = null) =>
        new(new LlmOptions { BaseUrl = new Uri(baseUrl), Model = "gpt-test", ApiKeys = keys ?? ["sk-test"] }, new StubHandler(answer));

    private static FailureTranslatingChatClient Translated(IChatClient client) => new(client);

    private static HttpResponseMessage Sse(string body, int readSize, bool cutAtEnd = false)
    {
        var content = new StreamContent(new TrickleStream(Encoding.UTF8.GetBytes(body), readSize, cutAtEnd));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static async Task<List<string>> TextsAsync(IChatClient client, CancellationToken? cancellationToken = null)
    {
        var texts = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cancellationToken ?? TestContext.Current.CancellationToken))
        {
            Assert.Equal(ChatRole.Assistant, update.Role);
            if (update.Text.Length > 0)
            {
                texts.Add(update.Text);
            }
        }

        return texts;
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
