using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.OneBot;

/// <summary>Several bots at once, and a slow handler never delays other chats.</summary>
[Trait("Category", "Integration")]
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Several_bots_are_each_answered_on_their_own_socket()
    {
        await using var bot = await TestBot.StartAsync();
        await using var napcat = await bot.ConnectAsync(10001, OneBotPersona.NapCat);
        await using var gocq = await bot.ConnectAsync(10002, OneBotPersona.GoCqhttp);
        await using var lagrange = await bot.ConnectAsync(10003, OneBotPersona.Lagrange);
        var peers = new[] { napcat, gocq, lagrange };

        foreach (var peer in peers)
        {
            await peer.SendGroupMessageAsync(20002, 30003, $"/gpt from {peer.SelfId}");
        }

        foreach (var peer in peers)
        {
            Assert.EndsWith($"from {peer.SelfId}", await peer.NextSentTextAsync(), StringComparison.Ordinal);
        }

        Assert.All(peers, peer => Assert.Single(peer.Calls, call => call.IsSend));
    }

    [Fact]
    public async Task An_unanswered_get_msg_in_one_chat_does_not_delay_another_chat_or_another_bot()
    {
        await using var bot = await TestBot.StartAsync();
        await using var first = await bot.ConnectAsync(10001, OneBotPersona.NapCat);
        await using var second = await bot.ConnectAsync(10002, OneBotPersona.GoCqhttp);
        first.Responder = call => call.Action == "get_msg" ? null : FakeOneBotPeer.DefaultResponder(call);

        // A reply makes the bridge ask get_msg who wrote the quoted message; the implementation never answers (30 s timeout).
        await first.SendGroupMessageAsync(20002, 30003, "[CQ:reply,id=-77][CQ:at,qq=10001] /gpt stuck");
        await first.NextCallAsync(call => call.Action == "get_msg", Quick);
        await first.SendGroupMessageAsync(20003, 30003, "/gpt other group");
        await first.SendPrivateMessageAsync(30004, "/gpt private chat");
        await second.SendGroupMessageAsync(20002, 30003, "/gpt other bot");

        var texts = new[] { await first.NextSentTextAsync(Quick), await first.NextSentTextAsync(Quick) };
        Assert.Contains(texts, t => t.EndsWith("other group", StringComparison.Ordinal));
        Assert.Contains("echo: private chat", texts);
        Assert.EndsWith("other bot", await second.NextSentTextAsync(Quick), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Llm.Requests, r => r.LastUserContent.Contains("stuck", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hanging_model_call_in_one_chat_does_not_delay_another_chat_or_another_bot()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TIMEOUT"] = "30" });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.Llm.Handler = async (request, context) =>
        {
            if (request.LastUserContent.Contains("hang", StringComparison.Ordinal))
            {
                await release.Task.WaitAsync(context.RequestAborted);
            }

            await FakeLlmServer.StreamAnswerAsync(context, "echo: " + request.LastUserContent);
        };
        await using var first = await bot.ConnectAsync(10001, OneBotPersona.NapCat);
        await using var second = await bot.ConnectAsync(10002, OneBotPersona.Lagrange);

        await first.SendGroupMessageAsync(20002, 30003, "/gpt hang");
        var hanging = await bot.Llm.NextRequestAsync(Quick);
        Assert.EndsWith("hang", hanging.LastUserContent, StringComparison.Ordinal);
        await first.SendGroupMessageAsync(20003, 30003, "/gpt second chat");
        await second.SendGroupMessageAsync(20002, 30003, "/gpt second bot");

        Assert.EndsWith("second chat", await first.NextSentTextAsync(Quick), StringComparison.Ordinal);
        Assert.EndsWith("second bot", await second.NextSentTextAsync(Quick), StringComparison.Ordinal);

        // Only now does the first chat's model answer; it arrives after the others, so the host can stop without waiting.
        release.SetResult();
        Assert.EndsWith("hang", await first.NextSentTextAsync(Quick), StringComparison.Ordinal);
    }
}
