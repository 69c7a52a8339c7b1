using GptBot.Chat.Ports;
using GptBot.Chat.Replies;

namespace GptBot.Tests.Chat.Replies;

/// <summary>What the chat reads for each kind of failed LLM call, byte for byte.</summary>
[Trait("Category", "Unit")]
public sealed class FailureTextsTests
{
    private static readonly Dictionary<ChatFailureKind, string> Expected = new()
    {
        { ChatFailureKind.Unexpected, "请求失败，请查看日志输出。" },
        { ChatFailureKind.Unreachable, "无法连接到 LLM 服务，请查看日志输出。" },
        { ChatFailureKind.HttpStatus, "error 429: Too Many Requests" },
        { ChatFailureKind.Timeout, "请求超时" },
        { ChatFailureKind.CircuitOpen, "LLM 服务暂时不可用，请稍后再试。" },
        { ChatFailureKind.ContextTooLong, "error 429: Too Many Requests" },
        { ChatFailureKind.PromptOverWindow, "这条消息太长了，超出了模型的上下文窗口，请缩短后再发。" },
        { ChatFailureKind.SessionExpiredRefreshed, "token 过期，已刷新成功，请重试。" },
        { ChatFailureKind.SessionRefreshFailed, "token 过期，但刷新失败，请查看日志输出。" },
        { ChatFailureKind.StreamCut, "与 LLM 服务的连接中断，请重试。" },
        { ChatFailureKind.StreamGarbled, "LLM 返回了无法解析的内容，请查看日志输出。" },
        { ChatFailureKind.StreamError, "LLM 在回答途中报错，请查看日志输出。" },
        { ChatFailureKind.ProviderError, "请求失败，请查看日志输出。" },
        { ChatFailureKind.InvalidResponse, "请求失败，请查看日志输出。" },
        { ChatFailureKind.UnsupportedInput, "请求失败，请查看日志输出。" },
        { ChatFailureKind.ImageInputRefused, "当前模型不支持识别图片，请只发文字，或请管理员换用支持图片的模型。" },
        { ChatFailureKind.ImageInputUnsupported, "当前后端不支持图片，请只发文字。" },
    };

    public static TheoryData<ChatFailureKind, string> TextOfEveryKind => new(Expected.Select(pair => (pair.Key, pair.Value)));

    [Theory]
    [MemberData(nameof(TextOfEveryKind))]
    public void Every_kind_has_its_text(ChatFailureKind kind, string expected)
    {
        var failure = new ChatFailure(kind, "detail for the log") { StatusCode = 429, ReasonPhrase = "Too Many Requests" };

        Assert.Equal(expected, FailureTexts.For(failure));
    }

    [Fact]
    public void The_table_above_covers_every_kind()
    {
        Assert.Equal(Enum.GetValues<ChatFailureKind>().ToHashSet(), Expected.Keys.ToHashSet());
    }

    [Fact]
    public void The_log_detail_never_reaches_the_chat()
    {
        foreach (var kind in Enum.GetValues<ChatFailureKind>())
        {
            Assert.DoesNotContain("secret detail", FailureTexts.For(new ChatFailure(kind, "secret detail") { StatusCode = 500 }), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(429, "Slow Down", "error 429: Too Many Requests")]
    [InlineData(500, "BUY CHEAP PILLS at example.com", "error 500: Internal Server Error")]
    [InlineData(502, null, "error 502: Bad Gateway")]
    [InlineData(500, "", "error 500: Internal Server Error")]
    [InlineData(413, null, "error 413: Request Entity Too Large")]
    [InlineData(599, "Whatever The Relay Says", "error 599: ")]
    public void An_http_status_gets_the_standard_reason_never_the_one_the_provider_sent(int status, string? reason, string expected)
    {
        var failure = new ChatFailure(ChatFailureKind.HttpStatus, "detail") { StatusCode = status, ReasonPhrase = reason };

        Assert.Equal(expected, FailureTexts.For(failure));
    }

    [Fact]
    public void A_context_refusal_inside_the_stream_has_no_status_and_gets_the_generic_text()
    {
        Assert.Equal("请求失败，请查看日志输出。", FailureTexts.For(new ChatFailure(ChatFailureKind.ContextTooLong, "in the stream")));
    }

    [Fact]
    public void An_http_status_kind_without_a_status_gets_the_generic_text()
    {
        Assert.Equal("请求失败，请查看日志输出。", FailureTexts.For(new ChatFailure(ChatFailureKind.HttpStatus, "no status")));
    }
}
