using GptBot.Testing;

namespace GptBot.IntegrationTests.Persistence;

/// <summary>The process is killed (not stopped) mid-conversation and started again on the same GPT_DATA_DIR.</summary>
[Trait("Category", "Integration")]
public sealed class CrashSurvivalTests : IDisposable
{
    private const long GroupA = 20002;
    private const long UserB = 30003;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gptbot-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task After_a_kill_every_chat_continues_with_its_earlier_turns_and_only_the_turn_in_flight_is_lost()
    {
        await using var llm = await FakeLlmServer.StartAsync();

        await using (var first = await GptBotProcess.StartAsync(TestSettings.For(llm.BaseUrl), _dataDirectory))
        {
            await using var qq = await first.ConnectAsync();
            await AskAsync(qq, llm, group: true, "/gpt 我叫小明");
            await AskAsync(qq, llm, group: true, "/gpt 我喜欢猫");
            await AskAsync(qq, llm, group: false, "/gpt B 的暗号是 42");

            // Each chat's next question hangs at the LLM: it is in flight when the process dies. Its request reaching
            // the LLM also proves the previous exchange of that chat was committed (a lane answers one at a time).
            llm.Handler = (_, context) => FakeLlmServer.HangAsync(context);
            await qq.SendGroupMessageAsync(GroupA, userId: 40004, "/gpt 正在回答的问题A");
            Assert.Contains("正在回答的问题A", (await llm.NextRequestAsync()).LastUserContent);
            await qq.SendPrivateMessageAsync(UserB, "/gpt 正在回答的问题B");
            Assert.Contains("正在回答的问题B", (await llm.NextRequestAsync()).LastUserContent);

            await first.KillAsync();
        }

        llm.Handler = null;
        await using var second = await GptBotProcess.StartAsync(TestSettings.For(llm.BaseUrl), _dataDirectory);
        await using var qq2 = await second.ConnectAsync();

        await qq2.SendGroupMessageAsync(GroupA, userId: 40004, "/gpt 我叫什么？");
        var groupRequest = await llm.NextRequestAsync(TimeSpan.FromSeconds(15));
        var groupContents = groupRequest.Messages.Select(m => m.Content).ToArray();
        Assert.Equal(5, groupContents.Length);
        Assert.EndsWith("我叫小明", groupContents[0]);
        Assert.EndsWith("echo: member: 我叫小明", groupContents[1]);
        Assert.EndsWith("我喜欢猫", groupContents[2]);
        Assert.EndsWith("echo: member: 我喜欢猫", groupContents[3]);
        Assert.EndsWith("我叫什么？", groupContents[4]);
        Assert.DoesNotContain(groupContents, c => c.Contains("正在回答", StringComparison.Ordinal) || c.Contains("暗号", StringComparison.Ordinal));
        Assert.EndsWith("我叫什么？", (await qq2.NextCallAsync(c => c.IsSend && c.GroupId == GroupA)).Text);

        await qq2.SendPrivateMessageAsync(UserB, "/gpt 暗号是多少？");
        var privateRequest = await llm.NextRequestAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(
            ["B 的暗号是 42", "echo: B 的暗号是 42", "暗号是多少？"],
            privateRequest.Messages.Select(m => m.Content));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static async Task AskAsync(FakeOneBotPeer qq, FakeLlmServer llm, bool group, string text)
    {
        if (group)
        {
            await qq.SendGroupMessageAsync(GroupA, userId: 40004, text);
        }
        else
        {
            await qq.SendPrivateMessageAsync(UserB, text);
        }

        await llm.NextRequestAsync();
        var reply = await qq.NextCallAsync();
        Assert.StartsWith("echo: ", reply.Text);
    }
}
