using GptBot.Llm.WebSession;

namespace GptBot.Tests.Llm.WebSession;

public sealed class ConversationFrameParserTests
{
    [Fact]
    public void A_2022_frame_gives_the_cumulative_text_and_both_ids()
    {
        var frame = ConversationFrameParser.Parse(
            """ {"message":{"id":"m1","role":"assistant","user":null,"create_time":null,"update_time":null,"content":{"content_type":"text","parts":["Hello"]},"end_turn":null,"weight":1.0,"recipient":"all","metadata":{}},"conversation_id":"c1","error":null}""");

        Assert.Equal(new ConversationFrame(ConversationFrameKind.Message, "c1", "m1", "Hello", null), frame);
    }

    [Fact]
    public void A_2023_frame_with_author_is_read()
    {
        var frame = ConversationFrameParser.Parse(
            """{"message":{"id":"m2","author":{"role":"assistant","name":null,"metadata":{}},"content":{"content_type":"text","parts":["Hi"]},"metadata":{"model_slug":"x"}},"conversation_id":"c2","error":null}""");

        Assert.Equal(ConversationFrameKind.Message, frame.Kind);
        Assert.Equal("Hi", frame.Text);
        Assert.Equal("m2", frame.MessageId);
    }

    [Theory]
    [InlineData("""{"message":{"id":"u","author":{"role":"user"},"content":{"content_type":"text","parts":["prompt"]}},"conversation_id":"c"}""")]
    [InlineData("""{"message":{"id":"s","role":"system","content":{"content_type":"text","parts":[""]}},"conversation_id":"c"}""")]
    [InlineData("""{"message":null,"conversation_id":"c","error":null}""")]
    [InlineData("""{"conversation_id":"c"}""")]
    public void Frames_without_an_assistant_message_are_ignored_but_keep_the_conversation_id(string payload)
    {
        var frame = ConversationFrameParser.Parse(payload);

        Assert.Equal(ConversationFrameKind.Ignored, frame.Kind);
        Assert.Equal("c", frame.ConversationId);
    }

    [Theory]
    [InlineData("""{"message":{"id":"m","role":"assistant","content":{"content_type":"text","parts":[]}},"conversation_id":null}""")]
    [InlineData("""{"message":{"id":"m","role":"assistant","content":null},"conversation_id":null}""")]
    [InlineData("""{"message":{"id":"m","role":"assistant","content":{"content_type":"code","parts":[{"x":1}]}}}""")]
    [InlineData("""{"message":{"id":"m","content":{"parts":[null]}}}""")]
    public void Assistant_frames_without_usable_text_keep_the_message_id(string payload)
    {
        var frame = ConversationFrameParser.Parse(payload);

        Assert.Equal(ConversationFrameKind.Message, frame.Kind);
        Assert.Equal("m", frame.MessageId);
        Assert.Null(frame.Text);
        Assert.Null(frame.ConversationId);
    }

    [Theory]
    [InlineData("[DONE]")]
    [InlineData(" [DONE]")]
    public void Done_ends_the_stream(string payload) => Assert.Equal(ConversationFrameKind.Done, ConversationFrameParser.Parse(payload).Kind);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("not json")]
    [InlineData("{\"message\":")]
    [InlineData("[1,2]")]
    [InlineData("Internal Server Error")]
    public void Garbage_is_ignored(string payload) => Assert.Equal(ConversationFrameKind.Ignored, ConversationFrameParser.Parse(payload).Kind);

    [Theory]
    [InlineData("""{"message":null,"conversation_id":"c","error":"Something went wrong"}""", "Something went wrong")]
    [InlineData("""{"error":{"message":"busy","code":"x"}}""", """{"message":"busy","code":"x"}""")]
    public void A_non_null_error_is_an_error_frame(string payload, string detail)
    {
        var frame = ConversationFrameParser.Parse(payload);

        Assert.Equal(ConversationFrameKind.Error, frame.Kind);
        Assert.Equal(detail, frame.Error);
    }

    [Theory]
    [InlineData("""{"message":{"id":"m","role":"assistant","content":{"parts":["a"]}},"error":null}""")]
    [InlineData("""{"message":{"id":"m","role":"assistant","content":{"parts":["a"]}},"error":""}""")]
    [InlineData("""{"message":{"id":"m","role":"assistant","content":{"parts":["a"]}},"error":false}""")]
    public void An_empty_error_is_no_error(string payload) => Assert.Equal(ConversationFrameKind.Message, ConversationFrameParser.Parse(payload).Kind);
}
