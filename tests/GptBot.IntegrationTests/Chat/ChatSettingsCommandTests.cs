using GptBot.Chat.Ports;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Chat;

/// <summary>
/// The per-chat commands change what the LLM is sent (system prompt, model) or whether it is asked at all, in that chat
/// only, and a restart keeps what a chat chose (a real process on a real SQLite file).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChatSettingsCommandTests : IDisposable
{
    private const long Sudoer = 30003;
    private const long Member = 40004;
    private const long GroupA = 20002;
    private const long GroupB = 20003;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gptbot-tests", Guid.NewGuid().ToString("N"));

    private static Dictionary<string, string?> Settings => new()
    {
        ["GPT_SUDOERS"] = "[30003]",
        ["GPT_SYSTEM_PROMPT"] = "全局提示词",
        ["GPT_MODELS"] = "fake-model,other-model",
    };

    [Fact]
    public async Task Persona_replaces_the_system_prompt_in_that_group_only_and_default_brings_the_global_one_back()
    {
        WritePersona("cat.md", "你是一只猫。");
        WritePersona("dog.txt", "你是一只狗。");
        await using var bot = await TestBot.StartAsync(Settings, dataDirectory: _dataDirectory);
        await using var qq = await bot.ConnectAsync();

        Assert.Equal("可用人设：cat、dog\n当前：默认", await CommandAsync(qq, "/gpt_control persona"));
        Assert.Equal("本聊天的人设已切换为：cat", await CommandAsync(qq, "/gpt_control persona Cat"));
        Assert.Equal("你是一只猫。", await SystemPromptOfNextAnswerAsync(bot, qq, GroupA));
        Assert.Equal("全局提示词", await SystemPromptOfNextAnswerAsync(bot, qq, GroupB));

        Assert.StartsWith("没有名为 fish 的人设。可用：cat、dog", await CommandAsync(qq, "/gpt_control persona fish"), StringComparison.Ordinal);
        Assert.Equal("已恢复默认人设。", await CommandAsync(qq, "/gpt_control persona default"));
        Assert.Equal("全局提示词", await SystemPromptOfNextAnswerAsync(bot, qq, GroupA));
    }

    [Fact]
    public async Task A_persona_file_added_while_running_can_be_chosen_without_a_restart()
    {
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "personas"));
        await using var bot = await TestBot.StartAsync(Settings, dataDirectory: _dataDirectory);
        await using var qq = await bot.ConnectAsync();
        Assert.Equal("还没有可用的人设（GPT_PERSONAS_DIR 文件夹中没有 .md 或 .txt 文件）。", await CommandAsync(qq, "/gpt_control persona"));

        WritePersona("owl.md", "你是一只猫头鹰。");
        var catalog = bot.Services.GetRequiredService<IPersonaCatalog>();
        await Eventually.TrueAsync(() => catalog.Find("owl") is not null, "the new persona file read");

        Assert.Equal("本聊天的人设已切换为：owl", await CommandAsync(qq, "/gpt_control persona owl"));
        Assert.Equal("你是一只猫头鹰。", await SystemPromptOfNextAnswerAsync(bot, qq, GroupA));
    }

    [Fact]
    public async Task Model_sends_the_chats_model_and_refuses_one_not_in_gpt_models()
    {
        await using var bot = await TestBot.StartAsync(Settings, dataDirectory: _dataDirectory);
        await using var qq = await bot.ConnectAsync();

        Assert.Equal("可用模型：fake-model、other-model\n当前：fake-model", await CommandAsync(qq, "/gpt_control model"));
        Assert.Equal("模型 gpt-9 不在可用列表（GPT_MODELS）中。可用：fake-model、other-model", await CommandAsync(qq, "/gpt_control model gpt-9"));
        Assert.Equal("fake-model", await ModelOfNextAnswerAsync(bot, qq, GroupA));

        Assert.Equal("本聊天的模型已切换为：other-model", await CommandAsync(qq, "/gpt_control model other-model"));
        Assert.Equal("other-model", await ModelOfNextAnswerAsync(bot, qq, GroupA));
        Assert.Equal("fake-model", await ModelOfNextAnswerAsync(bot, qq, GroupB));
    }

    [Fact]
    public async Task Off_stops_answers_in_that_chat_without_asking_the_llm_while_commands_keep_working_and_on_resumes()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>(Settings) { ["GPT_PROBABILITY"] = "1" }, dataDirectory: _dataDirectory);
        await using var qq = await bot.ConnectAsync();

        Assert.Equal("已关闭本聊天的回答（命令仍然可用），发送 /gpt_control on 恢复。", await CommandAsync(qq, "/gpt_control off"));
        await qq.SendGroupMessageAsync(GroupA, Member, "/gpt 还在吗", card: "Bob");
        await qq.SendGroupMessageAsync(GroupA, Member, "随便说一句", card: "Bob");
        Assert.StartsWith("状态：关闭\n", await CommandAsync(qq, "/gpt_control status"), StringComparison.Ordinal);

        // The group that is still on is answered, and is the first thing the LLM hears since the switch.
        await qq.SendGroupMessageAsync(GroupB, Member, "/gpt 哨兵", card: "Bob");
        Assert.Equal("Bob: 哨兵", (await bot.Llm.NextRequestAsync()).LastUserContent);
        Assert.Equal("echo: Bob: 哨兵", await qq.NextSentTextAsync());

        Assert.Equal("已开启本聊天的回答。", await CommandAsync(qq, "/gpt_control on"));
        await qq.SendGroupMessageAsync(GroupA, Member, "/gpt 回来了", card: "Bob");
        Assert.Equal("Bob: 回来了", (await bot.Llm.NextRequestAsync()).LastUserContent);
    }

    [Fact]
    public async Task Status_is_one_message_with_the_chats_settings()
    {
        WritePersona("cat.md", "你是一只猫。");
        await using var bot = await TestBot.StartAsync(Settings, dataDirectory: _dataDirectory);
        await using var qq = await bot.ConnectAsync();

        Assert.Equal("状态：开启\n人设：默认\n模型：fake-model\n回复方式：逐行发送（stream）\n上下文：全群共享\n保留轮数：40\n今日 token：0", await CommandAsync(qq, "/gpt_control status"));
        await CommandAsync(qq, "/gpt_control persona cat");
        await CommandAsync(qq, "/gpt_control model other-model");
        await CommandAsync(qq, "/gpt_control scope member");
        Assert.Equal("状态：开启\n人设：cat\n模型：other-model\n回复方式：逐行发送（stream）\n上下文：每位成员各自一个\n保留轮数：40\n今日 token：0", await CommandAsync(qq, "/gpt_control status"));
    }

    [Theory]
    [InlineData("/gpt_control scope", "用法：/gpt_control scope group（全群共享）或 /gpt_control scope member（每人独立）")]
    [InlineData("/gpt_control scope everyone", "用法：/gpt_control scope group（全群共享）或 /gpt_control scope member（每人独立）")]
    [InlineData("/gpt_control model a b", "用法：/gpt_control model（列出）或 /gpt_control model <名称>")]
    [InlineData("/gpt_control block x", "用法：/gpt_control block <QQ号> 或 /gpt_control unblock <QQ号>")]
    [InlineData("/gpt_control reset_context channel 1", "用法：/gpt_control reset_context，或 /gpt_control reset_context group <群号> / private <QQ号>")]
    [InlineData("/gpt_control status now", "无效命令")]
    [InlineData("/gpt_control Status", "无效命令")]
    public async Task Bad_arguments_get_a_short_text_saying_what_is_allowed(string command, string expected)
    {
        await using var bot = await TestBot.StartAsync(Settings, dataDirectory: _dataDirectory);
        await using var qq = await bot.ConnectAsync();

        Assert.Equal(expected, await CommandAsync(qq, command));
    }

    [Fact]
    public async Task What_a_chat_chose_survives_a_restart_of_the_process()
    {
        WritePersona("cat.md", "你是一只猫。");
        await using var llm = await FakeLlmServer.StartAsync();
        var settings = TestSettings.For(llm.BaseUrl);
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        await using (var first = await GptBotProcess.StartAsync(settings, _dataDirectory))
        {
            await using var qq = await first.ConnectAsync();
            Assert.Equal("本聊天的人设已切换为：cat", await CommandAsync(qq, "/gpt_control persona cat"));
            Assert.Equal("本聊天的模型已切换为：other-model", await CommandAsync(qq, "/gpt_control model other-model"));
            Assert.StartsWith("已屏蔽 50005", await CommandAsync(qq, "/gpt_control block 50005"), StringComparison.Ordinal);
            await CommandAsync(qq, "/gpt_control off", GroupB);
        }

        await using var second = await GptBotProcess.StartAsync(settings, _dataDirectory);
        await using var qq2 = await second.ConnectAsync();
        await qq2.SendGroupMessageAsync(GroupA, 50005, "/gpt 我被屏蔽了吗", card: "Eve");
        await qq2.SendGroupMessageAsync(GroupB, Member, "/gpt 这个群关了", card: "Bob");
        await qq2.SendGroupMessageAsync(GroupA, Member, "/gpt 还记得设置吗", card: "Bob");

        var request = await llm.NextRequestAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("Bob: 还记得设置吗", request.LastUserContent);
        Assert.Equal(("system", "你是一只猫。"), request.Messages[0]);
        Assert.Equal("other-model", request.Body.GetProperty("model").GetString());
        Assert.Equal("echo: Bob: 还记得设置吗", (await qq2.NextCallAsync(c => c.IsSend)).Text);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private void WritePersona(string file, string text)
    {
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "personas"));
        File.WriteAllText(Path.Combine(_dataDirectory, "personas", file), text);
    }

    private static async Task<string> CommandAsync(FakeOneBotPeer qq, string command, long group = GroupA)
    {
        await qq.SendGroupMessageAsync(group, Sudoer, command);
        return (await qq.NextCallAsync(c => c.IsSend)).Text;
    }

    private static async Task<string> SystemPromptOfNextAnswerAsync(TestBot bot, FakeOneBotPeer qq, long group)
    {
        await qq.SendGroupMessageAsync(group, Member, "/gpt 你是谁", card: "Bob");
        var request = await bot.Llm.NextRequestAsync();
        await qq.NextCallAsync(c => c.IsSend);
        return request.Messages[0].Role == "system" ? request.Messages[0].Content : "(none)";
    }

    private static async Task<string> ModelOfNextAnswerAsync(TestBot bot, FakeOneBotPeer qq, long group)
    {
        await qq.SendGroupMessageAsync(group, Member, "/gpt 你是什么模型", card: "Bob");
        var request = await bot.Llm.NextRequestAsync();
        await qq.NextCallAsync(c => c.IsSend);
        return request.Body.GetProperty("model").GetString()!;
    }
}
