using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Llm;
using GptBot.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Chat;

/// <summary>
/// A backend that is not one of ours, put under GptBot's decorators as any Microsoft.Extensions.AI client would be:
/// its failures reach the chat with the same texts as the built-in backend's.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StockClientTests
{
    [Theory]
    [InlineData(429, "error 429: Too Many Requests")]
    [InlineData(500, "error 500: Internal Server Error")]
    [InlineData(503, "error 503: Service Unavailable")]
    public async Task An_http_error_of_a_stock_client_says_status_and_reason(int status, string expected)
    {
        await using var bot = await StartAsync();
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = (_, context) => FakeLlmServer.ErrorAsync(context, status);

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");

        Assert.Equal(expected, await qq.NextSentTextAsync());
        await AssertStillAnswersAsync(bot, qq);
    }

    [Fact]
    public async Task A_stock_client_answers_through_the_same_chain()
    {
        await using var bot = await StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hello");

        Assert.Equal("echo: hello", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_stream_of_a_stock_client_that_breaks_off_is_reported()
    {
        await using var bot = await StartAsync();
        await using var qq = await bot.ConnectAsync();
        var partialSeen = new TaskCompletionSource();
        bot.Llm.Handler = async (_, context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await FakeLlmServer.WriteFrameAsync(context, """{"choices":[{"index":0,"delta":{"content":"partial\n"}}]}""");
            await partialSeen.Task.WaitAsync(context.RequestAborted);
            context.Abort();
        };

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");

        Assert.Equal("partial", await qq.NextSentTextAsync());
        partialSeen.SetResult();
        Assert.Equal("与 LLM 服务的连接中断，请重试。", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_stock_client_that_cannot_connect_gets_the_connection_text()
    {
        // A fake LLM that has stopped leaves a loopback port that nothing listens on.
        var stopped = await FakeLlmServer.StartAsync();
        await stopped.DisposeAsync();
        await using var bot = await StartAsync(baseUrl: stopped.BaseUrl);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");

        Assert.Equal("无法连接到 LLM 服务，请查看日志输出。", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task The_stock_clients_own_timeout_says_the_request_timed_out()
    {
        await using var bot = await StartAsync(clientTimeout: TimeSpan.FromMilliseconds(500));
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = (_, context) => Task.Delay(Timeout.Infinite, context.RequestAborted);

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt hi");

        Assert.Equal("请求超时", await qq.NextSentTextAsync());
    }

    /// <summary>The real host with GPT_TIMEOUT=10, whose backend is replaced by <see cref="StockChatClient"/> aimed at the fake LLM.</summary>
    private static async Task<TestBot> StartAsync(string? baseUrl = null, TimeSpan? clientTimeout = null)
    {
        var llm = await FakeLlmServer.StartAsync();
        var target = new Uri((baseUrl ?? llm.BaseUrl) + "/chat/completions");
        return await TestBot.StartAsync(llm: llm, services: services => services.AddKeyedSingleton<IChatClient>(
            LlmHostingExtensions.BackendKey, new StockChatClient(target, clientTimeout ?? TimeSpan.FromSeconds(100))));
    }

    private static async Task AssertStillAnswersAsync(TestBot bot, FakeOneBotPeer qq)
    {
        bot.Llm.Handler = null;
        await qq.SendGroupMessageAsync(29999, 30003, "/gpt are you there?", card: "Alice");
        Assert.Equal("echo: Alice: are you there?", await qq.NextSentTextAsync());
    }

    /// <summary>
    /// A client written the way client libraries commonly are: its own HttpClient with a Timeout,
    /// <see cref="HttpResponseMessage.EnsureSuccessStatusCode"/>, and the exceptions of the BCL left to the caller.
    /// </summary>
    private sealed class StockChatClient(Uri endpoint, TimeSpan timeout) : IChatClient
    {
        private readonly HttpClient _http = new() { Timeout = timeout };

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var body = JsonSerializer.Serialize(new
            {
                model = "stock",
                stream = true,
                messages = messages.Select(m => new { role = m.Role.Value, content = m.Text }),
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
            {
                if (item.Data == "[DONE]")
                {
                    yield break;
                }

                using var chunk = JsonDocument.Parse(item.Data);
                if (chunk.RootElement.GetProperty("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0
                    && choices[0].GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 } text)
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, text);
                }
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose() => _http.Dispose();
    }
}
