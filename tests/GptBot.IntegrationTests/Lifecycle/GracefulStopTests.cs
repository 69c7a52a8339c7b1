using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using GptBot.Chat.Dispatch;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Lifecycle;

/// <summary>A stop (SIGTERM, Ctrl+C) in the middle of answers: they are delivered, then the sockets close cleanly.</summary>
[Trait("Category", "Integration")]
public sealed class GracefulStopTests
{
    [Fact]
    public async Task A_stop_in_the_middle_of_fifty_answers_delivers_them_all_and_closes_with_a_close_frame()
    {
        const int chats = 50;
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TIMEOUT"] = "30", ["GPT_SHUTDOWN_GRACE_SECONDS"] = "15" });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.Llm.Handler = async (request, context) =>
        {
            // A slow model: the first line at once, the rest only once the stop has begun.
            context.Response.ContentType = "text/event-stream";
            await FakeLlmServer.WriteChunkAsync(context, "begin\n");
            await release.Task;
            foreach (var part in new[] { "end ", "of ", request.LastUserContent })
            {
                await Task.Delay(20, context.RequestAborted);
                await FakeLlmServer.WriteChunkAsync(context, part);
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        };
        await using var qq = await bot.ConnectAsync();
        var delivered = new ConcurrentDictionary<long, string>();
        for (var i = 0; i < chats; i++)
        {
            await qq.SendGroupMessageAsync(30000 + i, 40000 + i, $"/gpt q{i}");
        }

        for (var i = 0; i < chats; i++)
        {
            await bot.Llm.NextRequestAsync(TimeSpan.FromSeconds(20));
        }

        var clock = Stopwatch.StartNew();
        var stopping = bot.App.StopAsync(TestContext.Current.CancellationToken);
        await qq.SendGroupMessageAsync(39999, 49999, "/gpt too late");
        release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(15 + 5), TestContext.Current.CancellationToken);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the stop took {clock.Elapsed}, more than GPT_SHUTDOWN_GRACE_SECONDS");
        // Lines that arrive close together are coalesced, so "begin" and the end may share one message.
        var ends = qq.Calls.Where(call => call.IsSend && call.Text.Contains("end of", StringComparison.Ordinal)).ToArray();
        Assert.Equal(chats, ends.Select(call => call.GroupId).Distinct().Count());
        Assert.DoesNotContain(qq.Calls, call => call.GroupId == 39999);
        Assert.Equal(chats, bot.Llm.Requests.Count);
        await qq.WaitClosedAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, qq.CloseStatus);
    }

    [Fact]
    public async Task Answers_still_running_when_the_grace_period_ends_tell_their_chat()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_SHUTDOWN_GRACE_SECONDS"] = "1", ["GPT_TIMEOUT"] = "60" });
        bot.Llm.Handler = (_, context) => FakeLlmServer.HangAsync(context);
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt never answered");
        await bot.Llm.NextRequestAsync();

        var clock = Stopwatch.StartNew();
        await bot.App.StopAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        Assert.Equal("机器人正在重启，这个问题没来得及回答，请稍后重新发送。", await qq.NextSentTextAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the stop took {clock.Elapsed}");
        await qq.WaitClosedAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, qq.CloseStatus);
    }

    [Fact]
    public async Task A_request_still_waiting_for_the_minimal_interval_when_the_grace_period_ends_tells_its_chat()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_SHUTDOWN_GRACE_SECONDS"] = "1",
            ["GPT_REQUEST_MINIMAL_INTERVAL"] = "60",
            ["GPT_TIMEOUT"] = "60",
        });
        bot.Llm.Handler = (_, context) => FakeLlmServer.HangAsync(context);
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(20002, 30003, "/gpt first, at the LLM");
        await bot.Llm.NextRequestAsync();
        await qq.SendGroupMessageAsync(20003, 30004, "/gpt second, 60 s later");
        await Eventually.TrueAsync(() => bot.Services.GetRequiredService<ChatDispatcher>().Lanes.Pending == 2, "the second request queued");

        await bot.App.StopAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        // Both are told: the one cut short at the LLM and the one that never got its turn.
        var notices = new[] { await qq.NextCallAsync(), await qq.NextCallAsync() };
        Assert.Equal([20002L, 20003L], notices.Select(call => call.GroupId!.Value).Order());
        Assert.All(notices, call => Assert.Equal("机器人正在重启，这个问题没来得及回答，请稍后重新发送。", call.Text));
        Assert.Single(bot.Llm.Requests);
    }
}
