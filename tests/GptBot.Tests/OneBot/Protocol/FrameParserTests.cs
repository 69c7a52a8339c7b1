using System.Text;
using GptBot.OneBot.Protocol;

namespace GptBot.Tests.OneBot.Protocol;

/// <summary>Lenient event parsing and frame classification.</summary>
[Trait("Category", "Unit")]
public sealed class FrameParserTests
{
    private const string GroupHead = """{"time":1700000000,"self_id":10001,"post_type":"message","message_type":"group","sub_type":"normal","message_id":-1592382465,"group_id":20002,"user_id":30003,"anonymous":null,""" + "\"";

    [Fact]
    public void String_and_array_messages_give_identical_segments()
    {
        const string cq = "&#91;第一部分&#93;[CQ:image,file=123.jpg]图片之后, [CQ:face,id=123][CQ:at,qq=10001] /gpt hi &amp; bye";
        const string array = """[{"type":"text","data":{"text":"[第一部分]"}},{"type":"image","data":{"file":"123.jpg"}},{"type":"text","data":{"text":"图片之后"}},{"type":"text","data":{"text":", "}},{"type":"face","data":{"id":123}},{"type":"at","data":{"qq":"10001"}},{"type":"text","data":{"text":" /gpt hi & bye"}}]""";

        var fromString = Message(GroupHead + $$"""message":{{System.Text.Json.JsonSerializer.Serialize(cq)}}}""");
        var fromArray = Message(GroupHead + $$"""message":{{array}}}""");

        Assert.Equal(fromString.Message, fromArray.Message);
        Assert.Equal(["text", "image", "text", "face", "at", "text"], fromArray.Message.Select(s => s.Type));
    }

    [Fact]
    public void Array_with_null_data_and_empty_text_matches_the_string_form()
    {
        var fromArray = Message(GroupHead + """message":[{"type":"shake","data":null},{"type":"text","data":{"text":""}},{"type":"at","data":{"qq":"all","name":null}}]}""");
        var fromString = Message(GroupHead + """message":"[CQ:shake][CQ:at,qq=all]"}""");

        Assert.Equal(fromString.Message, fromArray.Message);
    }

    [Fact]
    public void Missing_message_falls_back_to_raw_message()
    {
        var message = Message(GroupHead + """raw_message":"[CQ:at,qq=10001] hi"}""");

        Assert.Equal(["at", "text"], message.Message.Select(s => s.Type));
    }

    [Theory]
    [InlineData("-1592382465", -1592382465L)]
    [InlineData("2147483647", 2147483647L)]
    [InlineData("\"12345\"", 12345L)]
    [InlineData("\"-7\"", -7L)]
    public void Message_ids_of_every_shape_parse(string wire, long expected)
    {
        var message = Message($$"""{"time":1,"self_id":10001,"post_type":"message","message_type":"private","sub_type":"friend","message_id":{{wire}},"user_id":30003,"message":"hi"}""");

        Assert.Equal(expected, message.MessageId);
    }

    [Fact]
    public void Ids_given_as_strings_parse()
    {
        var message = Message("""{"time":"1700000000","self_id":"10001","post_type":"message","message_type":"group","sub_type":"normal","message_id":"5","group_id":"20002","user_id":"30003","message":"hi","sender":{"user_id":"30003"}}""");

        Assert.Equal(10001, message.SelfId);
        Assert.Equal(20002, message.GroupId);
        Assert.Equal(30003, message.UserId);
        Assert.Equal(1700000000, message.Time);
    }

    [Fact]
    public void Millisecond_timestamps_are_normalised_to_seconds()
    {
        var message = Message("""{"time":1700000000123,"self_id":10001,"post_type":"message","message_type":"private","sub_type":"friend","message_id":1,"user_id":30003,"message":"hi"}""");

        Assert.Equal(1700000000, message.Time);
    }

    [Theory]
    [InlineData("""{"user_id":30003,"nickname":"A","card":"","role":"member","level":"12"}""", "A")]
    [InlineData("""{"user_id":30003,"nickname":"A","card":"卡片","level":5,"sex":"unknown","age":0,"area":""}""", "卡片")]
    [InlineData("""{}""", "30003")]
    [InlineData("""null""", "30003")]
    [InlineData("""{"nickname":null,"card":null}""", "30003")]
    public void Partial_senders_parse(string sender, string displayName)
    {
        var message = Message(GroupHead + $$"""message":"hi","sender":{{sender}}}""");

        Assert.Equal(displayName, message.Sender.DisplayName);
        Assert.Equal(30003, message.Sender.UserId);
    }

    [Theory]
    [InlineData("friend")]
    [InlineData("group")]
    [InlineData("other")]
    public void Private_sub_types_parse(string subType)
    {
        var message = Message($$"""{"time":1,"self_id":10001,"post_type":"message","message_type":"private","sub_type":"{{subType}}","message_id":1,"user_id":30003,"message":"hi","temp_source":0}""");

        Assert.True(message.IsPrivate);
        Assert.Equal(subType, message.SubType);
    }

    [Theory]
    [InlineData("normal", "null")]
    [InlineData("anonymous", """{"id":123,"name":"匿名","flag":"123|匿名"}""")]
    [InlineData("notice", "null")]
    public void Group_sub_types_and_anonymous_parse(string subType, string anonymous)
    {
        var message = Message($$"""{"time":1,"self_id":10001,"post_type":"message","message_type":"group","sub_type":"{{subType}}","message_id":1,"group_id":20002,"user_id":80000000,"anonymous":{{anonymous}},"message":"hi"}""");

        Assert.True(message.IsGroup);
        Assert.Equal(subType, message.SubType);
    }

    [Theory]
    [InlineData("""{"online":true,"good":true}""")]
    [InlineData("""{"online":false,"good":false}""")]
    [InlineData("""{"online":null,"good":true}""")]
    [InlineData("""{"good":true,"app_initialized":true,"stat":{"packet_received":1}}""")]
    [InlineData("""null""")]
    public void Heartbeats_with_any_status_parse(string status)
    {
        var parsed = Parse($$"""{"time":1,"self_id":10001,"post_type":"meta_event","meta_event_type":"heartbeat","interval":5000,"status":{{status}}}""");

        var meta = Assert.IsType<MetaEvent>(parsed.Event);
        Assert.Equal("heartbeat", meta.MetaEventType);
        Assert.Equal(5000, meta.Interval);
    }

    [Fact]
    public void Lifecycle_connect_parses()
    {
        var meta = Assert.IsType<MetaEvent>(Parse("""{"time":1,"self_id":10001,"post_type":"meta_event","meta_event_type":"lifecycle","sub_type":"connect","_post_method":2}""").Event);

        Assert.Equal("lifecycle", meta.MetaEventType);
        Assert.Equal("connect", meta.SubType);
    }

    [Fact]
    public void Message_sent_is_never_a_user_message()
    {
        var parsed = Parse("""{"time":1,"self_id":10001,"post_type":"message_sent","message_type":"group","sub_type":"normal","message_id":1,"group_id":20002,"user_id":10001,"message":"/gpt hi"}""");

        Assert.Equal(FrameKind.Event, parsed.Kind);
        var unknown = Assert.IsType<UnknownEvent>(parsed.Event);
        Assert.Equal("message_sent", unknown.PostType);
    }

    [Fact]
    public void Guild_messages_are_not_user_messages()
    {
        var parsed = Parse("""{"time":1,"self_id":10001,"post_type":"message","message_type":"guild","sub_type":"channel","guild_id":"1","channel_id":"2","user_id":"3","message":"/gpt hi"}""");

        Assert.IsType<UnknownEvent>(parsed.Event);
    }

    [Fact]
    public void Group_message_without_group_id_is_not_answerable()
    {
        Assert.IsType<UnknownEvent>(Parse("""{"time":1,"self_id":10001,"post_type":"message","message_type":"group","message_id":1,"user_id":3,"message":"/gpt hi"}""").Event);
    }

    [Theory]
    [InlineData("""{"time":1,"self_id":10001,"post_type":"notice","notice_type":"group_recall","group_id":1,"user_id":2,"operator_id":2,"message_id":-5}""", "group_recall")]
    [InlineData("""{"time":1,"self_id":10001,"post_type":"notice","notice_type":"notify","sub_type":"poke","target_id":10001}""", "notify")]
    [InlineData("""{"time":1,"self_id":10001,"post_type":"notice","notice_type":"group_msg_emoji_like","likes":[{"emoji_id":"1"}]}""", "group_msg_emoji_like")]
    public void Notices_of_any_kind_parse(string json, string noticeType) =>
        Assert.Equal(noticeType, Assert.IsType<NoticeEvent>(Parse(json).Event).NoticeType);

    [Theory]
    [InlineData("""{"time":1,"self_id":10001,"post_type":"request","request_type":"friend","user_id":2,"comment":"hi","flag":"f"}""", "friend")]
    [InlineData("""{"time":1,"self_id":10001,"post_type":"request","request_type":"group","sub_type":"invite","group_id":1,"flag":"f"}""", "group")]
    [InlineData("""{"time":1,"self_id":10001,"post_type":"request","request_type":"something_new"}""", "something_new")]
    public void Requests_parse(string json, string requestType) =>
        Assert.Equal(requestType, Assert.IsType<RequestEvent>(Parse(json).Event).RequestType);

    [Fact]
    public void A_frame_without_post_type_is_an_action_response()
    {
        var parsed = Parse("""{"status":"ok","retcode":0,"data":{"message_id":-12},"message":"","echo":"7"}""");

        Assert.Equal(FrameKind.ActionResponse, parsed.Kind);
        Assert.True(parsed.Response!.IsSuccess);
        Assert.Equal(-12, parsed.Response.MessageId);
        Assert.Equal("7", parsed.Response.Echo);
    }

    [Fact]
    public void Failed_response_carries_retcode_and_wording()
    {
        var response = Parse("""{"status":"failed","retcode":1200,"data":null,"message":"Timeout: x","wording":"Timeout: NTEvent","echo":"7","stream":"normal-action"}""").Response!;

        Assert.False(response.IsSuccess);
        Assert.Equal(1200, response.Retcode);
        Assert.Equal("Timeout: NTEvent", response.Wording);
    }

    [Theory]
    [InlineData("""{"status":"failed","retcode":100,"msg":"SEND_MSG_API_ERROR","echo":"1"}""", "SEND_MSG_API_ERROR")]
    [InlineData("""{"status":"failed","retcode":100,"message":"群不存在","wording":"","echo":"1"}""", "群不存在")]
    public void Wording_falls_back_to_message_then_msg(string json, string wording) =>
        Assert.Equal(wording, Parse(json).Response!.Wording);

    [Fact]
    public void Response_without_status_is_not_a_success()
    {
        var response = Parse("""{"echo":"3"}""").Response!;

        Assert.False(response.IsSuccess);
    }

    [Fact]
    public void Async_status_is_a_success_with_unknown_message_id()
    {
        var response = Parse("""{"status":"async","retcode":1,"data":null,"echo":"3"}""").Response!;

        Assert.True(response.IsSuccess);
        Assert.Null(response.MessageId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"post_type\":\"message\"")]
    [InlineData("")]
    [InlineData("{\"post_type\":\"message\",\"message_type\":\"private\"}")]
    public void Garbage_is_invalid_and_never_throws(string frame)
    {
        var parsed = Parse(frame);

        Assert.Equal(FrameKind.Invalid, parsed.Kind);
        Assert.False(string.IsNullOrEmpty(parsed.Error));
    }

    private static ParsedFrame Parse(string json) => FrameParser.Parse(Encoding.UTF8.GetBytes(json));

    private static MessageEvent Message(string json)
    {
        var parsed = Parse(json);
        Assert.Equal(FrameKind.Event, parsed.Kind);
        return Assert.IsType<MessageEvent>(parsed.Event);
    }
}
