using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Chat;

[Trait("Category", "Integration")]
public sealed class GptCommandTests
{
    [Theory]
    [InlineData("NapCat")]
    [InlineData("go-cqhttp")]
    public async Task Group_gpt_is_answered_in_the_same_group(string personaName)
    {
        var persona = personaName == "NapCat" ? OneBotPersona.NapCat : OneBotPersona.GoCqhttp;
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync(persona: persona);

        await qq.SendGroupMessageAsync(groupId: 20002, userId: 30003, "/gpt 你好");

        var request = await bot.Llm.NextRequestAsync();
        Assert.EndsWith("你好", request.LastUserContent);
        var reply = await qq.NextCallAsync();
        Assert.Equal("send_msg", reply.Action);
        Assert.Equal("group", reply.MessageType);
        Assert.Equal(20002, reply.GroupId);
        Assert.EndsWith("你好", reply.Text);
    }

    [Fact]
    public async Task Private_gpt_is_answered_privately()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(userId: 30003, "/gpt hi");

        var reply = await qq.NextCallAsync();
        Assert.Equal("private", reply.MessageType);
        Assert.Equal(30003, reply.UserId);
        Assert.Equal("echo: hi", reply.Text);
    }
}
