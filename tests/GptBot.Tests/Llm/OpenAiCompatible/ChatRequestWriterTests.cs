using System.Text;
using System.Text.Json;
using GptBot.Chat.Ports;
using GptBot.Llm.OpenAiCompatible;
using Microsoft.Extensions.AI;

namespace GptBot.Tests.Llm.OpenAiCompatible;

[Trait("Category", "Unit")]
public sealed class ChatRequestWriterTests
{
    [Fact]
    public void The_body_has_model_stream_and_each_message_as_role_and_content()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, "你是群聊助手"),
            new(ChatRole.User, "Alice: hi \"there\"\n"),
            new(ChatRole.Assistant, "hello"),
        ];

        using var body = JsonDocument.Parse(ChatRequestWriter.Write("qwen2.5:7b", messages));

        var root = body.RootElement;
        Assert.Equal(["model", "stream", "messages"], root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("qwen2.5:7b", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.Equal(
            [("system", "你是群聊助手"), ("user", "Alice: hi \"there\"\n"), ("assistant", "hello")],
            root.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToArray());
        Assert.All(root.GetProperty("messages").EnumerateArray(), m => Assert.Equal(2, m.EnumerateObject().Count()));
    }

    [Fact]
    public void Additional_properties_are_never_sent()
    {
        var message = new ChatMessage(ChatRole.User, "Alice: hi")
        {
            AdditionalProperties = new AdditionalPropertiesDictionary { [ChatMessageProperties.PlainText] = "hi" },
        };

        var json = Encoding.UTF8.GetString(ChatRequestWriter.Write("m", [message]));

        Assert.DoesNotContain("gptbot", json, StringComparison.Ordinal);
        Assert.Equal("""{"model":"m","stream":true,"messages":[{"role":"user","content":"Alice: hi"}]}""", json);
    }

    [Theory]
    [InlineData("gpt-4o-mini", "max_tokens")]
    [InlineData("deepseek-reasoner", "max_tokens")]
    [InlineData("qwen2.5:7b", "max_tokens")]
    [InlineData("openai/o3-mini", "max_tokens")]
    [InlineData("omni-moderation", "max_tokens")]
    [InlineData("o1", "max_completion_tokens")]
    [InlineData("o1-mini", "max_completion_tokens")]
    [InlineData("O3-PRO", "max_completion_tokens")]
    [InlineData("o4-mini-2025-04-16", "max_completion_tokens")]
    [InlineData("gpt-5", "max_completion_tokens")]
    [InlineData("gpt-5.1-chat-latest", "max_completion_tokens")]
    public void The_answer_limit_goes_in_the_field_the_model_takes(string model, string field)
    {
        var json = Encoding.UTF8.GetString(ChatRequestWriter.Write(model, [new ChatMessage(ChatRole.User, "hi")], 500));

        Assert.Equal($$"""{"model":"{{model}}","stream":true,"{{field}}":500,"messages":[{"role":"user","content":"hi"}]}""", json);
    }

    [Fact]
    public void Chinese_text_is_sent_as_utf8_not_escaped()
    {
        var json = Encoding.UTF8.GetString(ChatRequestWriter.Write("m", [new ChatMessage(ChatRole.User, "你好")]));

        Assert.Contains("\"你好\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_history_is_written_whole_and_the_next_request_is_not_polluted_by_it()
    {
        var history = Enumerable.Range(0, 400).Select(i => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, new string('x', 1000) + i)).ToArray();

        using var big = JsonDocument.Parse(ChatRequestWriter.Write("m", history));
        var small = Encoding.UTF8.GetString(ChatRequestWriter.Write("m", [new ChatMessage(ChatRole.User, "short")]));

        Assert.Equal(400, big.RootElement.GetProperty("messages").GetArrayLength());
        Assert.Equal("""{"model":"m","stream":true,"messages":[{"role":"user","content":"short"}]}""", small);
    }
}
