using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.Extensions.AI;

namespace GptBot.Tests.Chat.Ports;

/// <summary>A stock client's transport exceptions reach the chat with the same words as our own backends' failures.</summary>
[Trait("Category", "Unit")]
public sealed class FailureTranslatingChatClientTests
{
    public static TheoryData<Exception, ChatFailureKind, string> TransportFailures => new()
    {
        { new HttpRequestException("Response status code does not indicate success: 429 (Too Many Requests).", null, HttpStatusCode.TooManyRequests), ChatFailureKind.HttpStatus, "error 429: Too Many Requests" },
        { new HttpRequestException("Response status code does not indicate success: 500.", null, HttpStatusCode.InternalServerError), ChatFailureKind.HttpStatus, "error 500: Internal Server Error" },
        { new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)"), ChatFailureKind.Unreachable, "无法连接到 LLM 服务，请查看日志输出。" },
        { new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy tunnel request to proxy 'http://proxy:3128/' failed with status code '407'.", null, HttpStatusCode.ProxyAuthenticationRequired), ChatFailureKind.Unreachable, "无法连接到 LLM 服务，请查看日志输出。" },
        { new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."), ChatFailureKind.StreamCut, "与 LLM 服务的连接中断，请重试。" },
        { new IOException("Unable to read data from the transport connection."), ChatFailureKind.StreamCut, "与 LLM 服务的连接中断，请重试。" },
        { new JsonException("'h' is an invalid start of a value."), ChatFailureKind.StreamGarbled, "LLM 返回了无法解析的内容，请查看日志输出。" },
        { new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException()), ChatFailureKind.Timeout, "请求超时" },
        { new TimeoutException("The operation has timed out."), ChatFailureKind.Timeout, "请求超时" },
        { new NotSupportedException("Unsupported content type."), ChatFailureKind.UnsupportedInput, "请求失败，请查看日志输出。" },
    };

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public async Task A_failure_before_the_answer_is_translated(Exception thrown, ChatFailureKind kind, string text)
    {
        using var client = new FailureTranslatingChatClient(new StockClient(failure: thrown));

        var error = await Assert.ThrowsAsync<ChatBackendException>(() => TextsAsync(client));

        Assert.Equal(kind, error.Failure.Kind);
        Assert.Equal(text, FailureTexts.For(error.Failure));
        Assert.Same(thrown, error.InnerException);
        Assert.Contains(thrown.Message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_mid_stream_keeps_the_updates_before_it()
    {
        using var client = new FailureTranslatingChatClient(new StockClient(["one", "two"], new IOException("connection reset")));
        var texts = new List<string>();

        var error = await Assert.ThrowsAsync<ChatBackendException>(() => TextsAsync(client, texts));

        Assert.Equal(["one", "two"], texts);
        Assert.Equal(ChatFailureKind.StreamCut, error.Failure.Kind);
    }

    [Fact]
    public async Task The_non_streaming_call_is_translated_too()
    {
        using var client = new FailureTranslatingChatClient(new StockClient(failure: new HttpRequestException("quota", null, HttpStatusCode.PaymentRequired)));

        var error = await Assert.ThrowsAsync<ChatBackendException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("error 402: Payment Required", FailureTexts.For(error.Failure));
    }

    [Fact]
    public async Task A_failure_the_backend_already_gave_a_kind_passes_unchanged()
    {
        var own = new ChatBackendException(ChatFailureKind.CircuitOpen, "circuit open");
        using var client = new FailureTranslatingChatClient(new StockClient(failure: own));

        var error = await Assert.ThrowsAsync<ChatBackendException>(() => TextsAsync(client));

        Assert.Same(own, error);
    }

    [Fact]
    public async Task An_unknown_exception_passes_unchanged_for_the_unexpected_failure_log()
    {
        var bug = new InvalidOperationException("a bug in the client");
        using var client = new FailureTranslatingChatClient(new StockClient(failure: bug));

        Assert.Same(bug, await Assert.ThrowsAsync<InvalidOperationException>(() => TextsAsync(client)));
    }

    [Fact]
    public async Task Nothing_is_translated_once_the_caller_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        using var client = new FailureTranslatingChatClient(new StockClient(["partial"], new IOException("aborted"), onFailure: cancel.Cancel));

        await Assert.ThrowsAsync<IOException>(() => TextsAsync(client, cancellationToken: cancel.Token));
    }

    private static async Task<List<string>> TextsAsync(IChatClient client, List<string>? texts = null, CancellationToken? cancellationToken = null)
    {
        texts ??= [];
        await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: cancellationToken ?? TestContext.Current.CancellationToken))
        {
            texts.Add(update.Text);
        }

        return texts;
    }

    /// <summary>Stands for any client library: streams its texts, then throws what it was given, as such a library would.</summary>
    private sealed class StockClient(IReadOnlyList<string>? texts = null, Exception? failure = null, Action? onFailure = null) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var text in texts ?? [])
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, text);
            }

            if (failure is not null)
            {
                onFailure?.Invoke();
                throw failure;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
