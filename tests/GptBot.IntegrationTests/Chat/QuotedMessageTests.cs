using System.Text.Json.Nodes;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Chat;

/// <summary>A /gpt that replies to another message: the quoted text reaches the model, and a failed get_msg changes nothing.</summary>
[Trait("Category", "Integration")]
public sealed class QuotedMessageTests
{
    [Fact]
    public async Task The_quoted_messages_text_goes_before_the_question_and_stays_in_the_history()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        qq.Responder = call => call.Action == "get_msg"
            ? FakeOneBotPeer.Ok(new JsonObject
            {
                ["message_id"] = 555,
                ["sender"] = new JsonObject { ["user_id"] = 40004 },
                ["message"] = new JsonArray(
                    new JsonObject { ["type"] = "text", ["data"] = new JsonObject { ["text"] = "落霞与孤鹜齐飞，" } },
                    new JsonObject { ["type"] = "face", ["data"] = new JsonObject { ["id"] = "1" } },
                    new JsonObject { ["type"] = "text", ["data"] = new JsonObject { ["text"] = "秋水共长天一色" } }),
            })
            : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:reply,id=555]/gpt 这句什么意思", card: "Alice");

        Assert.Equal("Alice: 引用消息：「落霞与孤鹜齐飞，秋水共长天一色」\n这句什么意思", (await bot.Llm.NextRequestAsync()).LastUserContent);
        await qq.NextSentTextAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 那下一句呢", card: "Alice");
        var followUp = await bot.Llm.NextRequestAsync();
        Assert.Equal("Alice: 引用消息：「落霞与孤鹜齐飞，秋水共长天一色」\n这句什么意思", followUp.Messages[0].Content);
        Assert.Equal("Alice: 那下一句呢", followUp.LastUserContent);
    }

    [Fact]
    public async Task A_quotation_is_cut_at_a_thousand_characters()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        var wall = new string('长', 3000);
        qq.Responder = call => call.Action == "get_msg"
            ? FakeOneBotPeer.Ok(new JsonObject { ["sender"] = new JsonObject { ["user_id"] = 40004 }, ["message"] = wall })
            : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendPrivateMessageAsync(30003, "[CQ:reply,id=9]/gpt 总结一下");

        Assert.Equal($"引用消息：「{new string('长', 1000)}…」\n总结一下", (await bot.Llm.NextRequestAsync()).LastUserContent);
    }

    [Fact]
    public async Task A_failed_get_msg_leaves_the_question_as_it_was_and_it_is_answered()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        qq.Responder = call => call.Action == "get_msg"
            ? FakeOneBotPeer.Failed(100, "消息不存在")
            : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendPrivateMessageAsync(30003, "[CQ:reply,id=9]/gpt 这是什么");

        Assert.Equal("这是什么", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: 这是什么", await qq.NextSentTextAsync());
    }
}
