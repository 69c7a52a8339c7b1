using System.Text.Json.Nodes;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.OneBot;

/// <summary>Addressing the bot end to end: @bot, replies resolved with get_msg, and NICKNAME, in both message formats.</summary>
[Trait("Category", "Integration")]
public sealed class AddressingTests
{
    [Theory]
    [InlineData("NapCat")]
    [InlineData("go-cqhttp")]
    public async Task At_bot_before_the_command_is_stripped(string personaName)
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync(persona: personaName == "NapCat" ? OneBotPersona.NapCat : OneBotPersona.GoCqhttp);

        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:at,qq=10001] /gpt 你好");

        var request = await bot.Llm.NextRequestAsync();
        Assert.EndsWith("你好", request.LastUserContent, StringComparison.Ordinal);
        Assert.DoesNotContain("CQ:", request.LastUserContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_to_the_bot_is_resolved_with_get_msg_and_stripped()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        qq.Responder = call => call.Action == "get_msg"
            ? FakeOneBotPeer.Ok(new JsonObject { ["message_id"] = -77, ["sender"] = new JsonObject { ["user_id"] = 10001 } })
            : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:reply,id=-77][CQ:at,qq=10001] /gpt 接着说");

        var getMsg = await qq.NextCallAsync(call => call.Action == "get_msg");
        Assert.Equal(-77, getMsg.Params.GetProperty("message_id").GetInt64());
        Assert.EndsWith("接着说", await qq.NextSentTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_to_someone_else_with_at_bot_is_still_answered()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync(persona: OneBotPersona.GoCqhttp);
        qq.Responder = call => call.Action == "get_msg"
            ? FakeOneBotPeer.Ok(new JsonObject { ["message_id"] = 5, ["sender"] = new JsonObject { ["user_id"] = "30004" } })
            : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:reply,id=5][CQ:at,qq=10001] /gpt 看看这条");

        Assert.EndsWith("看看这条", await qq.NextSentTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leading_nickname_addresses_the_bot()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["NICKNAME"] = "[\"Bot\"]" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "bot，/gpt 早上好");

        var request = await bot.Llm.NextRequestAsync();
        Assert.EndsWith("早上好", request.LastUserContent, StringComparison.Ordinal);
        Assert.DoesNotContain("bot", request.LastUserContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_after_other_text_is_not_a_command()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "hi /gpt 你好");
        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:at,qq=all] /gpt 你好");
        await qq.SendPrivateMessageAsync(30003, "/gpt marker");

        Assert.Equal("echo: marker", await qq.NextSentTextAsync());
        Assert.Single(bot.Llm.Requests);
    }
}
