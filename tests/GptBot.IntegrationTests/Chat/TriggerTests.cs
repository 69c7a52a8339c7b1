using System.Text.Json.Nodes;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Chat;

/// <summary>
/// What makes the bot answer. To prove a message was ignored without sleeping, each test then sends a sentinel in the
/// same chat: the chat's requests run in order, so the sentinel must be the first thing the LLM sees.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TriggerTests
{
    public static TheoryData<string> Personas => ["NapCat", "go-cqhttp", "Lagrange"];

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task String_and_array_events_are_answered_alike(string personaName)
    {
        var persona = personaName switch
        {
            "go-cqhttp" => OneBotPersona.GoCqhttp,
            "Lagrange" => OneBotPersona.Lagrange,
            _ => OneBotPersona.NapCat,
        };
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync(persona: persona);

        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:at,qq=10001] /gpt 你好&#91;1&#93;", card: "Alice");
        Assert.Equal("Alice: 你好[1]", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal(20002, (await qq.NextCallAsync()).GroupId);

        await qq.SendPrivateMessageAsync(30003, "/gpt私聊");
        Assert.Equal("私聊", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal(30003, (await qq.NextCallAsync()).UserId);
    }

    [Theory]
    [InlineData("[CQ:at,qq=10001] /gpt hi")]
    [InlineData("[CQ:at,qq=10001]/gpt hi")]
    [InlineData("/gpt hi [CQ:at,qq=10001]")]
    [InlineData("/gpt hi[CQ:at,qq=10001] ")]
    public async Task At_bot_before_or_after_the_command_is_stripped(string message)
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, message, card: "Alice");

        Assert.Equal("Alice: hi", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal(20002, (await qq.NextCallAsync()).GroupId);
    }

    [Fact]
    public async Task A_reply_to_the_bot_is_stripped_after_get_msg_confirms_the_sender()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        qq.Responder = call => call.Action == "get_msg"
            ? FakeOneBotPeer.Ok(new JsonObject { ["message_id"] = 555, ["sender"] = new JsonObject { ["user_id"] = 10001, ["nickname"] = "bot" } })
            : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:reply,id=555][CQ:at,qq=10001] /gpt 接着说", card: "Alice");

        var getMsg = await qq.NextCallAsync(call => call.Action == "get_msg");
        Assert.Equal(555, getMsg.Params.GetProperty("message_id").GetInt64());
        Assert.Equal("Alice: 接着说", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Alice: 接着说", await qq.NextSentTextAsync());
    }

    [Theory]
    [InlineData("bot，/gpt hi")]
    [InlineData("Bot /gpt hi")]
    [InlineData("小助手/gpt hi")]
    public async Task A_nickname_before_the_command_is_stripped(string message)
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["NICKNAME"] = "[\"bot\", \"小助手\"]" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, message, card: "Alice");

        Assert.Equal("Alice: hi", (await bot.Llm.NextRequestAsync()).LastUserContent);
    }

    [Theory]
    [InlineData("/gpt")]
    [InlineData("/gpt    ")]
    [InlineData("[CQ:at,qq=10001] /gpt")]
    [InlineData("hi /gpt hello")]
    [InlineData("/GPT hello")]
    [InlineData(" [CQ:face,id=1]/gpt hi")]
    [InlineData("[CQ:face,id=1]/gpt hi")]
    [InlineData("/g[CQ:face,id=1]pt hi")]
    [InlineData("[CQ:at,qq=10001] [CQ:face,id=1] /gpt hi")]
    public async Task Empty_or_misplaced_commands_send_nothing_to_the_llm(string message)
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, message);
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt sentinel", card: "Alice");

        Assert.Equal("Alice: sentinel", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Alice: sentinel", await qq.NextSentTextAsync());
    }

    [Theory]
    [InlineData("/gpt 看[CQ:face,id=1]这个", "Alice: 看这个")]
    [InlineData("   /gpt看[CQ:image,file=a.jpg]这个", "Alice: 看这个")]
    [InlineData("[CQ:at,qq=10001]  /gpt 看[CQ:face,id=1]这个", "Alice: 看这个")]
    public async Task A_command_at_the_start_of_the_first_segment_takes_the_text_of_later_segments_as_its_prompt(string message, string prompt)
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, message, card: "Alice");

        Assert.Equal(prompt, (await bot.Llm.NextRequestAsync()).LastUserContent);
    }

    [Fact]
    public async Task Probability_one_answers_the_whole_text_of_ordinary_messages_but_never_textless_ones()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_PROBABILITY"] = "1" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:image,file=abc.jpg,url=http://example.invalid/abc.jpg]");
        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:face,id=178]");
        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:face,id=178][CQ:image,file=abc.jpg]  ");
        await qq.SendGroupMessageAsync(20002, 30003, "今天 天气 怎么样", card: "Alice");

        Assert.Equal("Alice: 今天 天气 怎么样", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Alice: 今天 天气 怎么样", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Probability_zero_answers_only_commands()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_PROBABILITY"] = "0" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, 30003, "今天天气怎么样");
        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:image,file=abc.jpg]");
        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:face,id=178]");
        await qq.SendPrivateMessageAsync(30003, "hello there");
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt sentinel", card: "Alice");

        Assert.Equal("Alice: sentinel", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.False(await bot.Llm.ReceivesRequestWithinAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task The_bots_own_messages_are_never_answered_even_with_probability_one()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_PROBABILITY"] = "1" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20002, userId: 10001, "/gpt my own command");
        await qq.SendGroupMessageAsync(20002, userId: 10001, "my own words");
        await qq.SendJsonAsync($$"""{"time":{{FakeOneBotPeer.Now}},"self_id":10001,"post_type":"message_sent","message_type":"group","sub_type":"normal","message_id":77,"group_id":20002,"user_id":10001,"message":"/gpt echo of mine","raw_message":"/gpt echo of mine","font":0,"sender":{"user_id":10001,"nickname":"bot"} }""");
        await qq.SendGroupMessageAsync(20002, 30003, "sentinel", card: "Alice");

        Assert.Equal("Alice: sentinel", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Alice: sentinel", await qq.NextSentTextAsync());
    }
}
