using System.Net.WebSockets;
using System.Text.Json;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.OneBot;

/// <summary>
/// Node-based implementations write a nickname or a text cut inside an emoji as a lone UTF-16 surrogate (<c>"\ud83d"</c>),
/// which no JSON reader can decode into a string. Such a frame never ends the connection: its text is read with U+FFFD
/// in place of the broken half, and whatever follows on the same socket is answered.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LoneSurrogateTests
{
    [Fact]
    public async Task A_lone_surrogate_in_an_event_keeps_the_connection_and_the_message_is_answered()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        // language=JSON
        await qq.SendJsonAsync($$"""{"time":{{FakeOneBotPeer.Now}},"self_id":10001,"post_type":"message","message_type":"private","sub_type":"friend","message_id":4101,"user_id":30003,"message":[{"type":"text","data":{"text":"/gpt cut \ud83d"} }],"raw_message":"/gpt cut \ud83d","font":0,"sender":{"user_id":30003,"nickname":"\ud800nick"} }""");
        await qq.SendPrivateMessageAsync(30003, "/gpt after");

        Assert.Equal("echo: cut \uFFFD", await qq.NextSentTextAsync());
        Assert.Equal("echo: after", await qq.NextSentTextAsync());
        Assert.Equal(WebSocketState.Open, qq.State);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_group_members_card_still_reaches_the_llm_readably()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync(persona: OneBotPersona.GoCqhttp);

        // language=JSON
        await qq.SendJsonAsync($$"""{"time":{{FakeOneBotPeer.Now}},"self_id":10001,"post_type":"message","message_type":"group","sub_type":"normal","message_id":4102,"group_id":20002,"user_id":30003,"message":"/gpt hi","raw_message":"/gpt hi","font":0,"sender":{"user_id":30003,"nickname":"n","card":"Al\udc00ice","role":"member"} }""");

        Assert.Equal("Al\uFFFDice: hi", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal(WebSocketState.Open, qq.State);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_get_msg_answer_is_read_and_the_quoting_command_answered()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        qq.RawResponder = call => call.Action == "get_msg"
            // language=JSON
            ? $$"""{"status":"ok","retcode":0,"data":{"message_id":77,"sender":{"user_id":10001,"nickname":"\ud83d"},"message":[{"type":"text","data":{"text":"\ud83d"} }]},"message":"\ud800","wording":"","echo":{{JsonSerializer.Serialize(call.Echo)}} }"""
            : null;

        // The quoted text in the prompt proves the get_msg answer was read (a skipped one would leave the question
        // without its quotation, after waiting for the lookup's limit).
        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:reply,id=77][CQ:at,qq=10001] /gpt 接着说");

        Assert.EndsWith("引用消息：「\uFFFD」\n接着说", (await bot.Llm.NextRequestAsync()).LastUserContent, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, qq.State);
    }
}
