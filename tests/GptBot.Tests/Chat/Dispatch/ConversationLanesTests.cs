using System.Collections.Concurrent;
using GptBot.Chat;
using GptBot.Chat.Dispatch;
using GptBot.Chat.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Chat.Dispatch;

[Trait("Category", "Unit")]
public sealed class ConversationLanesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly ConversationKey GroupA = ConversationKey.Group(1, 100);
    private static readonly ConversationKey GroupB = ConversationKey.Group(1, 200);

    private readonly ConcurrentQueue<string> _started = new();

    [Fact]
    public async Task One_chat_runs_its_requests_one_at_a_time_in_arrival_order()
    {
        var lanes = NewLanes(queueLimit: 10);
        var gates = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource()).ToArray();
        var startedSignals = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource()).ToArray();

        for (var i = 0; i < 3; i++)
        {
            var index = i;
            Assert.True(lanes.TryEnqueue(GroupA, _ => Work($"r{index}", startedSignals[index], gates[index].Task)));
        }

        await startedSignals[0].Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.False(startedSignals[1].Task.IsCompleted);
        gates[0].SetResult();
        await startedSignals[1].Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.False(startedSignals[2].Task.IsCompleted);
        gates[1].SetResult();
        gates[2].SetResult();
        await lanes.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(["r0", "r1", "r2"], _started);
    }

    [Fact]
    public async Task Different_chats_run_concurrently()
    {
        var lanes = NewLanes(queueLimit: 10);
        var release = new TaskCompletionSource();
        var startedA = new TaskCompletionSource();
        var startedB = new TaskCompletionSource();

        lanes.TryEnqueue(GroupA, _ => Work("a", startedA, release.Task));
        lanes.TryEnqueue(GroupB, _ => Work("b", startedB, release.Task));

        // B starts while A is still running: neither chat waits for the other.
        await Task.WhenAll(startedA.Task, startedB.Task).WaitAsync(Patience, TestContext.Current.CancellationToken);
        release.SetResult();
        await lanes.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(0, lanes.Pending);
    }

    [Fact]
    public async Task A_full_lane_refuses_more_work_but_never_control_commands()
    {
        var lanes = NewLanes(queueLimit: 2);
        var release = new TaskCompletionSource();
        var running = new TaskCompletionSource();

        // A burst: the first runs and the next two wait, whether or not the first has started yet.
        Assert.True(lanes.TryEnqueue(GroupA, _ => Work("running", running, release.Task)));
        Assert.True(lanes.TryEnqueue(GroupA, _ => Work("waiting1", null, Task.CompletedTask)));
        Assert.True(lanes.TryEnqueue(GroupA, _ => Work("waiting2", null, Task.CompletedTask)));
        Assert.False(lanes.TryEnqueue(GroupA, _ => Work("refused", null, Task.CompletedTask)));
        Assert.True(lanes.TryEnqueue(GroupA, _ => Work("control", null, Task.CompletedTask), bypassLimit: true));
        Assert.True(lanes.TryEnqueue(GroupB, _ => Work("other chat", null, Task.CompletedTask)));

        await running.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        release.SetResult();
        await lanes.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.DoesNotContain("refused", _started);
        Assert.Equal(["running", "waiting1", "waiting2", "control"], _started.Where(name => name != "other chat"));
    }

    [Fact]
    public async Task A_failing_request_does_not_stop_the_chat()
    {
        var lanes = NewLanes(queueLimit: 10);
        var second = new TaskCompletionSource();

        lanes.TryEnqueue(GroupA, _ => throw new InvalidOperationException("boom"));
        lanes.TryEnqueue(GroupA, _ => Work("after failure", second, Task.CompletedTask));

        await second.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_idle_chat_takes_new_work_after_its_lane_was_removed()
    {
        var lanes = NewLanes(queueLimit: 0);
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();

        lanes.TryEnqueue(GroupA, _ => Work("first", first, Task.CompletedTask));
        await lanes.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.True(lanes.TryEnqueue(GroupA, _ => Work("second", second, Task.CompletedTask)));

        await second.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(["first", "second"], _started);
    }

    private static ConversationLanes NewLanes(int queueLimit) =>
        new(Options.Create(new ChatServiceOptions { QueueLimit = queueLimit }), TimeProvider.System, NullLogger<ConversationLanes>.Instance);

    private async Task Work(string name, TaskCompletionSource? started, Task release)
    {
        _started.Enqueue(name);
        started?.TrySetResult();
        await release;
    }
}
