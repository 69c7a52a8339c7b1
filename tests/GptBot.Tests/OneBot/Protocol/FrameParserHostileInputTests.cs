using System.Text;
using GptBot.OneBot.Protocol;

namespace GptBot.Tests.OneBot.Protocol;

/// <summary>Input a careless or hostile implementation sends: broken UTF-16, placeholder ids, huge segment lists.</summary>
[Trait("Category", "Unit")]
public sealed class FrameParserHostileInputTests
{
    private const string PrivateHead = """{"time":1700000000,"self_id":10001,"post_type":"message","message_type":"private","sub_type":"friend","user_id":30003,""" + "\"";

    [Fact]
    public void Lone_surrogates_read_as_the_replacement_character_while_pairs_and_escapes_survive()
    {
        // language=JSON
        const string text = """a\ud83d\ude00b\ud83dc\\\"\/\n\t\u4e2d\udc00""";
        const string expected = "a\U0001F600b\uFFFDc\\\"/\n\t中\uFFFD";

        var fromArray = Message(PrivateHead + $$"""message_id":1,"message":[{"type":"text","data":{"text":"{{text}}"} }],"sender":{"nickname":"{{text}}"} }""");
        var fromString = Message(PrivateHead + $$"""message_id":1,"message":"{{text}}","raw_message":"{{text}}"}""");

        Assert.Equal(expected, fromArray.Message[0].Text);
        Assert.Equal(expected, fromArray.Sender.Nickname);
        Assert.Equal(expected, fromString.Message[0].Text);
        Assert.Equal(expected, fromString.RawMessage);
    }

    [Fact]
    public void An_action_answer_with_lone_surrogates_is_read()
    {
        var response = Parse("""{"status":"ok","retcode":0,"data":{"type":"\ud800","message_id":"\ud800"},"message":"\ud800","wording":"","echo":"7"}""").Response!;

        Assert.Equal("7", response.Echo);
        Assert.Equal("\uFFFD", response.Wording);
        Assert.False(response.IsPartialStream);
        Assert.Null(response.MessageId);
    }

    [Fact]
    public void A_frame_with_an_unreadable_key_is_invalid_instead_of_throwing()
    {
        var parsed = Parse(PrivateHead + """message_id":1,"message":[{"type":"text","data":{"\ud800":"x"}}]}""");

        Assert.Equal(FrameKind.Invalid, parsed.Kind);
        Assert.False(string.IsNullOrEmpty(parsed.Error));
    }

    [Theory]
    [InlineData("\"message_id\":-1,", 0)]
    [InlineData("\"message_id\":\"-1\",", 0)]
    [InlineData("\"message_id\":0,", 0)]
    [InlineData("", 0)]
    [InlineData("\"message_id\":\"abc\",", 0)]
    [InlineData("\"message_id\":-1592382465,", -1592382465)]
    [InlineData("\"message_id\":\"123\",", 123)]
    public void Missing_zero_and_placeholder_ids_read_as_no_id_and_other_negative_ids_are_kept(string field, long expected)
    {
        var message = Message("""{"time":1700000000,"self_id":10001,"post_type":"message","message_type":"private","sub_type":"friend",""" + field + """ "user_id":30003,"message":"hi"}""");

        Assert.Equal(expected, message.MessageId);
    }

    [Fact]
    public void Merging_twenty_thousand_adjacent_text_segments_takes_memory_in_proportion_to_the_message()
    {
        var segments = string.Join(',', Enumerable.Repeat("""{"type":"text","data":{"text":"ab"}}""", 20_000));
        var frame = Encoding.UTF8.GetBytes(PrivateHead + $$"""message_id":1,"message":[{{segments}}]}""");
        Message(PrivateHead + """message_id":1,"message":[{"type":"text","data":{"text":"warm"}}]}""");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = FrameParser.Parse(frame);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var text = Assert.Single(Assert.IsType<MessageEvent>(parsed.Event).Message);
        Assert.Equal(40_000, text.Text.Length);
        // Concatenating in a loop copies the growing text once per segment: about 800 MB here, against a few MB.
        Assert.True(allocated < 40L * frame.Length, $"parsing a {frame.Length} byte frame allocated {allocated} bytes");
    }

    private static ParsedFrame Parse(string json) => FrameParser.Parse(Encoding.UTF8.GetBytes(json));

    private static MessageEvent Message(string json)
    {
        var parsed = Parse(json);
        Assert.Equal(FrameKind.Event, parsed.Kind);
        return Assert.IsType<MessageEvent>(parsed.Event);
    }
}
