using GptBot.IntegrationTests.Infrastructure;
using GptBot.OneBot.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Persistence;

/// <summary>An implementation that reconnects and replays its recent events must not get a second answer.</summary>
[Trait("Category", "Integration")]
public sealed class ReplayedEventTests
{
    [Fact]
    public async Task A_replayed_message_event_gets_no_second_answer_even_over_a_new_connection()
    {
        await using var bot = await TestBot.StartAsync();
        var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt 第一次", messageId: 777);
        Assert.EndsWith("第一次", await qq.NextSentTextAsync());

        // The implementation drops the connection, reconnects and replays the same event, then a new message arrives.
        qq.Abort();
        await qq.DisposeAsync();
        await ServerDroppedAsync(bot, 10001);
        await using var reconnected = await bot.ConnectAsync();
        await reconnected.SendGroupMessageAsync(20002, 30003, "/gpt 第一次", messageId: 777);
        await reconnected.SendGroupMessageAsync(20002, 30003, "/gpt 第二次", messageId: 778);

        // The same lane would have answered the replay first: the next answer being the new message proves it was dropped.
        Assert.EndsWith("第二次", await reconnected.NextSentTextAsync());
        Assert.Equal(2, bot.Llm.Requests.Count);
    }

    /// <summary>
    /// Waits until the server has noticed the dropped connection. (Reconnecting before that makes the server replace a
    /// connection that is closing at the same moment, a separate transport race this test is not about.) The registry
    /// raises no event, so its state is polled within a deadline.
    /// </summary>
    private static async Task ServerDroppedAsync(TestBot bot, long selfId)
    {
        var registry = bot.Services.GetRequiredService<ConnectionRegistry>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (registry.ConnectedSelfIds.Contains(selfId))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
        }
    }

    [Fact]
    public async Task The_same_message_id_from_another_bot_account_is_a_different_message()
    {
        await using var bot = await TestBot.StartAsync();
        await using var first = await bot.ConnectAsync(selfId: 10001);
        await using var second = await bot.ConnectAsync(selfId: 10002);

        await first.SendPrivateMessageAsync(30003, "/gpt 你好", messageId: 555);
        await second.SendPrivateMessageAsync(30003, "/gpt 你好", messageId: 555);

        Assert.Equal("echo: 你好", await first.NextSentTextAsync());
        Assert.Equal("echo: 你好", await second.NextSentTextAsync());
    }
}
