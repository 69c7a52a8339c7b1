using System.Text;
using System.Text.Json;
using GptBot.Chat.Ports;
using GptBot.Llm.OpenAiCompatible;

namespace GptBot.Tests.Llm.OpenAiCompatible;

[Trait("Category", "Unit")]
public sealed class ChatChunkParserTests
{
    private static ChatChunk Parse(string data) => ChatChunkParser.Parse(Encoding.UTF8.GetBytes(data));

    [Fact]
    public void A_content_delta_gives_its_text()
    {
        var chunk = Parse("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"你好\n"},"finish_reason":null}]}""");

        Assert.Equal(new ChatChunk("你好\n", false), chunk);
    }

    [Fact]
    public void A_role_only_delta_gives_no_text()
    {
        Assert.Null(Parse("""{"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}""").Text);
    }

    [Fact]
    public void Reasoning_content_is_kept_apart_from_the_text()
    {
        var thinking = Parse("""{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"let me think"}}]}""");
        var both = Parse("""{"choices":[{"index":0,"delta":{"reasoning_content":"hmm","content":"answer"}}]}""");
        var ollama = Parse("""{"choices":[{"index":0,"delta":{"content":"","reasoning":"thinking aloud"}}]}""");
        var done = Parse("""{"choices":[{"index":0,"delta":{"reasoning_content":null,"content":"answer"}}]}""");

        Assert.Equal((null, "let me think"), (thinking.Text, thinking.Reasoning));
        Assert.Equal(("answer", "hmm"), (both.Text, both.Reasoning));
        Assert.Equal("thinking aloud", ollama.Reasoning);
        Assert.Null(done.Reasoning);
    }

    [Fact]
    public void A_usage_chunk_with_empty_choices_gives_the_usage_and_does_not_end_the_answer()
    {
        var chunk = Parse("""{"id":"c","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21,"prompt_tokens_details":{"cached_tokens":0}}}""");

        Assert.Null(chunk.Text);
        Assert.False(chunk.IsEnd);
        Assert.Equal((9L, 12L, 21L), (chunk.Usage!.InputTokenCount, chunk.Usage.OutputTokenCount, chunk.Usage.TotalTokenCount));
    }

    [Fact]
    public void A_null_usage_in_an_ordinary_chunk_is_no_usage()
    {
        Assert.Null(Parse("""{"choices":[{"delta":{"content":"a"}}],"usage":null}""").Usage);
    }

    [Fact]
    public void Tool_call_pieces_keep_their_index_id_name_and_argument_text()
    {
        var first = Parse("""{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_current_time","arguments":""}}]}}]}""");
        var next = Parse("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}]}}]}""");

        Assert.Equal([new ToolCallDelta(0, "call_1", "get_current_time", "")], first.ToolCalls!);
        Assert.Equal([new ToolCallDelta(0, null, null, "{\"a\":")], next.ToolCalls!);
        Assert.Null(first.Text);
    }

    [Fact]
    public void Arguments_sent_as_an_object_are_kept_as_its_json()
    {
        var chunk = Parse("""{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":{"city":"北京"}}}]}}]}""");

        Assert.Equal("""{"city":"北京"}""", JsonDocument.Parse(chunk.ToolCalls![0].Arguments!).RootElement.GetRawText().Replace("\u5317\u4EAC", "北京", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_first_choice_counts()
    {
        Assert.Equal("first", Parse("""{"choices":[{"delta":{"content":"first"}},{"delta":{"content":"second"}}]}""").Text);
    }

    [Fact]
    public void A_finish_chunk_with_an_empty_delta_gives_no_text_and_its_reason()
    {
        var chunk = Parse("""{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");

        Assert.Null(chunk.Text);
        Assert.Equal("stop", chunk.FinishReason);
    }

    [Theory]
    [InlineData("[DONE]")]
    [InlineData(" [DONE]\r")]
    public void Done_ends_the_answer(string data)
    {
        Assert.True(Parse(data).IsEnd);
    }

    [Fact]
    public void An_empty_payload_is_skipped()
    {
        Assert.Equal(default, Parse(string.Empty));
    }

    [Fact]
    public void An_error_object_fails_the_answer_with_the_log_detail()
    {
        var error = Assert.Throws<ChatBackendException>(() => Parse("""{"error":{"message":"upstream overloaded","type":"server_error","code":502}}"""));

        Assert.Equal(ChatFailureKind.ProviderError, error.Failure.Kind);
        Assert.Equal("502", error.Failure.ProviderCode);
        Assert.Contains("upstream overloaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_about_the_context_length_is_flagged_for_the_shorter_retry()
    {
        var error = Assert.Throws<ChatBackendException>(() => Parse("""{"error":{"message":"This model's maximum context length is 8192 tokens","code":"context_length_exceeded"}}"""));

        Assert.Equal(ChatFailureKind.ContextTooLong, error.Failure.Kind);
        Assert.Equal("context_length_exceeded", error.Failure.ProviderCode);
        Assert.Null(error.Failure.StatusCode);
    }

    [Fact]
    public void A_null_error_field_is_not_a_failure()
    {
        Assert.Equal("ok", Parse("""{"error":null,"choices":[{"delta":{"content":"ok"}}]}""").Text);
    }

    [Theory]
    [InlineData("""{"id":"x","choices":[{"delta":{"content":"half""")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Invalid_json_throws_a_json_exception(string data)
    {
        Assert.ThrowsAny<JsonException>(() => Parse(data));
    }
}
