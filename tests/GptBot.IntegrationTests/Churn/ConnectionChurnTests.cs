using System.Diagnostics;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.OneBot.Transport;
using GptBot.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Churn;

/// <summary>
/// An implementation that drops and redials, or two that fight over one self id: a reply is sent over the bot's new
/// connection when it comes back in time, a call pending on a dead socket fails at once, and nothing hangs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConnectionChurnTests
{
    private const long Group = 20002;

    [Fact]
    public async Task The_rest_of_an_answer_goes_over_the_new_connection_after_a_drop()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_TIMEOUT"] = "30" });
        var goOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.Llm.Handler = async (_, context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await FakeLlmServer.WriteChunkAsync(context, "part one\n");
            await goOn.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await FakeLlmServer.WriteChunkAsync(context, "part two");
            await context.Response.WriteAsync("data: [DONE]\n\n");
        };
        var first = await bot.ConnectAsync();
        await first.SendGroupMessageAsync(Group, 30003, "/gpt tell me");
        Assert.Equal("part one", await first.NextSentTextAsync());

        first.Abort();
        await Eventually.TrueAsync(() => bot.Services.GetRequiredService<ConnectionRegistry>().FindActionConnection(first.SelfId) is null);
        goOn.SetResult();
        await using var second = await bot.ConnectAsync();

        Assert.Equal("part two", await second.NextSentTextAsync());
        await first.DisposeAsync();
    }

    [Fact]
    public async Task A_send_pending_on_a_socket_that_drops_fails_at_once_instead_of_waiting_the_api_timeout()
    {
        // Every line its own message (no coalescing window), so the drop falls between the two sends.
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["ONEBOT_API_TIMEOUT"] = "30", ["GPT_TIMEOUT"] = "30", ["GPT_STREAM_COALESCE_MS"] = "0" });
        bot.Llm.DefaultAnswer = _ => "line a\nline b";
        var first = await bot.ConnectAsync();
        first.Responder = _ => null; // takes the send and never answers, then drops
        await first.SendGroupMessageAsync(Group, 30003, "/gpt hello");
        Assert.Equal("line a", await first.NextSentTextAsync());

        var clock = Stopwatch.StartNew();
        first.Abort();
        await using var second = await bot.ConnectAsync();

        // "line a" was written to the dead socket: it is reported lost (at most once), not resent; "line b" follows at once.
        Assert.Equal("line b", await second.NextSentTextAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"line b came after {clock.Elapsed}");
        Assert.DoesNotContain(second.Calls, call => call.Text == "line a");
        await first.DisposeAsync();
    }

    [Fact]
    public async Task Two_implementations_fighting_over_one_self_id_never_leave_a_chat_unanswered()
    {
        await using var bot = await TestBot.StartAsync();
        var peers = new List<FakeOneBotPeer>();
        try
        {
            for (var round = 0; round < 6; round++)
            {
                // Each newcomer replaces the previous connection, which the server closes with a close frame.
                var peer = await bot.ConnectAsync(persona: round % 2 == 0 ? OneBotPersona.NapCat : OneBotPersona.GoCqhttp);
                peers.Add(peer);
                if (peers.Count > 1)
                {
                    await peers[^2].WaitClosedAsync();
                }

                await peer.SendGroupMessageAsync(Group + round, 30003, $"/gpt round {round}");
                Assert.Equal($"echo: member: round {round}", await peer.NextSentTextAsync());
            }

            Assert.Single(bot.Services.GetRequiredService<ConnectionRegistry>().All);
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }
}
