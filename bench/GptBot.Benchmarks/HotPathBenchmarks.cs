using System.Text;
using BenchmarkDotNet.Attributes;
using GptBot.Chat;
using GptBot.Chat.Commands;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using Microsoft.Extensions.Options;

namespace GptBot.Benchmarks;

/// <summary>
/// What GptBot does for every inbound message and every reply, without I/O: parse the event frame into segments (both
/// wire formats), parse a CQ string, match the command, and encode the send_msg frame. Allocated bytes are per call,
/// so each row's allocation is the cost of that step for one event.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string Prompt = "/gpt 用一句话解释什么是 OneBot 协议，以及它和 QQ 机器人的关系";

    private const string Head =
        "{\"time\":1732500000,\"self_id\":10001,\"post_type\":\"message\",\"message_type\":\"group\",\"sub_type\":\"normal\",\"message_id\":1234567,\"group_id\":100042,\"user_id\":20007,\"anonymous\":null,";

    private const string Tail =
        "\"raw_message\":\"[CQ:reply,id=1234500][CQ:at,qq=10001] " + Prompt + "\",\"font\":0,\"sender\":{\"user_id\":20007,\"nickname\":\"小明\",\"card\":\"\",\"role\":\"member\"}}";

    /// <summary>NapCat's default: a quote, an @bot and the text, as a segment array.</summary>
    private readonly ReadOnlyMemory<byte> _arrayEvent = Encoding.UTF8.GetBytes(Head
        + "\"message\":[{\"type\":\"reply\",\"data\":{\"id\":\"1234500\"}},{\"type\":\"at\",\"data\":{\"qq\":\"10001\"}},{\"type\":\"text\",\"data\":{\"text\":\" " + Prompt + "\"}}],"
        + Tail);

    /// <summary>go-cqhttp's default: the same message as a CQ string.</summary>
    private readonly ReadOnlyMemory<byte> _stringEvent = Encoding.UTF8.GetBytes(Head
        + "\"message\":\"[CQ:reply,id=1234500][CQ:at,qq=10001] " + Prompt + "\","
        + Tail);

    private readonly string _cqMessage = "[CQ:reply,id=1234500][CQ:at,qq=10001] " + Prompt + " &#91;not a code&#93;";

    private readonly IReadOnlyList<MessageSegment> _reply =
        [MessageSegment.CreateText("OneBot 是一个聊天机器人应用接口标准，QQ 实现（NapCat、Lagrange）通过它把消息事件交给机器人框架。")];

    private readonly CommandMatcher _matcher = new(Options.Create(new ChatServiceOptions { CommandStart = ["/", ""] }));

    [Benchmark]
    public ParsedFrame ParseArrayFormatEvent() => FrameParser.Parse(_arrayEvent);

    [Benchmark]
    public ParsedFrame ParseStringFormatEvent() => FrameParser.Parse(_stringEvent);

    [Benchmark]
    public List<MessageSegment> ParseCqString() => CqCode.Parse(_cqMessage);

    [Benchmark]
    public ParsedCommand MatchCommand() => _matcher.Match(Prompt);

    /// <summary>The frame OneBotApiExtensions.SendMessageAsync builds for a group reply.</summary>
    [Benchmark]
    public ReadOnlyMemory<byte> EncodeSendMsgFrame() => OneBotActionClient.BuildFrame("send_msg", writer =>
    {
        writer.WriteString("message_type"u8, "group");
        writer.WriteNumber("group_id"u8, 100042);
        writer.WritePropertyName("message"u8);
        OneBotJson.WriteSegments(writer, _reply);
    }, "42");
}
