using GptBot.Chat.Replies;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.IntegrationTests.Persistence;

/// <summary>GPT_CONTEXT_EXPIRE_MINUTES through the whole host, with a FakeTimeProvider as its clock.</summary>
[Trait("Category", "Integration")]
public sealed class ContextExpiryTests
{
    [Fact]
    public async Task A_chat_idle_longer_than_the_expiry_starts_afresh_and_a_recent_one_keeps_its_context()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await TestBot.StartAsync(
            new Dictionary<string, string?>
            {
                ["GPT_CONTEXT_EXPIRE_MINUTES"] = "30",
                // The fake clock drives every timer of the host: timeouts longer than the test's jumps keep it about expiry.
                ["GPT_TIMEOUT"] = "3600",
                ["ONEBOT_API_TIMEOUT"] = "3600",
            },
            services: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt 旧话题");
        await bot.Llm.NextRequestAsync();
        Assert.Equal("echo: 旧话题", await qq.NextSentTextAsync());
        await SettledAsync(qq, time, 30003);
        time.Advance(TimeSpan.FromMinutes(2));
        await qq.SendPrivateMessageAsync(30004, "/gpt 另一个人");
        await bot.Llm.NextRequestAsync();
        Assert.Equal("echo: 另一个人", await qq.NextSentTextAsync());
        await SettledAsync(qq, time, 30004);

        // 29 minutes after its last message the second chat still has its context...
        time.Advance(TimeSpan.FromMinutes(29));
        await qq.SendPrivateMessageAsync(30004, "/gpt 还记得吗");
        Assert.Equal(3, (await bot.Llm.NextRequestAsync()).Messages.Count);
        await qq.NextSentTextAsync();

        // ...while the first, silent for 31 minutes, has forgotten it.
        await qq.SendPrivateMessageAsync(30003, "/gpt 新话题");
        Assert.Equal([("user", "新话题")], (await bot.Llm.NextRequestAsync()).Messages);
        Assert.Equal("echo: 新话题", await qq.NextSentTextAsync());
    }

    /// <summary>
    /// Waits until the chat's answer is completely done (stored, with its time stamp) before the clock jumps: a control
    /// command queues behind it in the same lane, so its refusal arrives only after that. The refusal is paced like
    /// every message (GPT_MESSAGES_PER_SECOND, on the fake clock here), so the clock first moves to the chat's next turn.
    /// </summary>
    private static async Task SettledAsync(FakeOneBotPeer qq, FakeTimeProvider time, long userId)
    {
        time.Advance(TimeSpan.FromSeconds(1));
        await qq.SendPrivateMessageAsync(userId, "/gpt_control reset_context");
        Assert.Equal(ChatTexts.NoPermission, await qq.NextSentTextAsync());
    }
}
