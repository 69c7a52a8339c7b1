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
    public void The_body_has_model_stream_usage_request_and_each_message_as_role_and_content()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, "你是群聊助手"),
            new(ChatRole.User, "Alice: hi \"there\"\n"),
            new(ChatRole.Assistant, "hello"),
        ];

        using var body = JsonDocument.Parse(ChatRequestWriter.Write("qwen2.5:7b", messages));

        var root = body.RootElement;
        Assert.Equal(["model", "stream", "stream_options", "messages"], root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("qwen2.5:7b", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.True(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
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
        Assert.Equal("""{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Alice: hi"}]}""", json);
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
        var json = Encoding.UTF8.GetString(ChatRequestWriter.Write(model, [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = 500 }));

        Assert.Equal($$"""{"model":"{{model}}","stream":true,"stream_options":{"include_usage":true},"{{field}}":500,"messages":[{"role":"user","content":"hi"}]}""", json);
    }

    [Fact]
    public void A_per_request_model_decides_the_limit_field_and_only_one_limit_field_is_ever_written()
    {
        // The client is set up for a model that takes max_tokens, but this request goes to a reasoning model.
        var options = new ChatOptions { ModelId = "o3-mini", MaxOutputTokens = 500, Temperature = 0.5f };

        var json = Encoding.UTF8.GetString(ChatRequestWriter.Write("gpt-4o-mini", [new ChatMessage(ChatRole.User, "hi")], options));

        Assert.Equal("""{"model":"o3-mini","stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":500,"temperature":0.5,"messages":[{"role":"user","content":"hi"}]}""", json);
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
        Assert.Equal("""{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"short"}]}""", small);
    }

    [Fact]
    public void Set_options_go_out_as_max_tokens_temperature_and_top_p_and_unset_ones_not_at_all()
    {
        var options = new ChatOptions { MaxOutputTokens = 1000, Temperature = 0.7f, TopP = 0.9f };

        using var set = JsonDocument.Parse(ChatRequestWriter.Write("m", [new ChatMessage(ChatRole.User, "hi")], options));
        var unset = Encoding.UTF8.GetString(ChatRequestWriter.Write("m", [new ChatMessage(ChatRole.User, "hi")], new ChatOptions()));

        Assert.Equal(1000, set.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.7, set.RootElement.GetProperty("temperature").GetDouble(), 5);
        Assert.Equal(0.9, set.RootElement.GetProperty("top_p").GetDouble(), 5);
        Assert.DoesNotContain("max_tokens", unset, StringComparison.Ordinal);
        Assert.DoesNotContain("temperature", unset, StringComparison.Ordinal);
        Assert.DoesNotContain("top_p", unset, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_go_as_content_parts_with_a_data_url_of_their_type()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        ChatMessage message = new(ChatRole.User, [new TextContent("这是什么？"), new DataContent(png, "image/png"), new UriContent("https://example.com/a.jpg", "image/jpeg")]);

        using var body = JsonDocument.Parse(ChatRequestWriter.Write("m", [message]));

        var parts = body.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(["text", "image_url", "image_url"], parts.Select(p => p.GetProperty("type").GetString()).ToArray());
        Assert.Equal("这是什么？", parts[0].GetProperty("text").GetString());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("https://example.com/a.jpg", parts[2].GetProperty("image_url").GetProperty("url").GetString());
    }

    [Fact]
    public void Tools_tool_calls_and_tool_results_follow_the_wire_format()
    {
        var tool = AIFunctionFactory.Create(() => "12:00", "get_current_time", "The current time");
        ChatMessage[] messages =
        [
            new(ChatRole.User, "几点了"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_current_time", new Dictionary<string, object?> { ["zone"] = "Asia/Shanghai" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "12:00")]),
        ];

        using var body = JsonDocument.Parse(ChatRequestWriter.Write("m", messages, new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.Auto }));

        var root = body.RootElement;
        var function = Assert.Single(root.GetProperty("tools").EnumerateArray()).GetProperty("function");
        Assert.Equal("get_current_time", function.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, function.GetProperty("parameters").ValueKind);
        Assert.Equal("auto", root.GetProperty("tool_choice").GetString());
        var wire = root.GetProperty("messages").EnumerateArray().ToArray();
        var call = Assert.Single(wire[1].GetProperty("tool_calls").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, wire[1].GetProperty("content").ValueKind);
        Assert.Equal("call_1", call.GetProperty("id").GetString());
        Assert.Equal("Asia/Shanghai", JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("zone").GetString());
        Assert.Equal(("tool", "call_1", "12:00"), (wire[2].GetProperty("role").GetString(), wire[2].GetProperty("tool_call_id").GetString(), wire[2].GetProperty("content").GetString()));
    }
}
