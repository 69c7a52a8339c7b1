using System.Collections.Concurrent;
using GptBot.Chat;
using GptBot.Chat.Dispatch;
using GptBot.Chat.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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
            Assert.True(lanes.TryEnqueue(GroupA, Job(() => Work($"r{index}", startedSignals[index], gates[index].Task))));
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

        lanes.TryEnqueue(GroupA, Job(() => Work("a", startedA, release.Task)));
        lanes.TryEnqueue(GroupB, Job(() => Work("b", startedB, release.Task)));

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
        Assert.True(lanes.TryEnqueue(GroupA, Job(() => Work("running", running, release.Task))));
        Assert.True(lanes.TryEnqueue(GroupA, Job(() => Work("waiting1", null, Task.CompletedTask))));
        Assert.True(lanes.TryEnqueue(GroupA, Job(() => Work("waiting2", null, Task.CompletedTask))));
        Assert.False(lanes.TryEnqueue(GroupA, Job(() => Work("refused", null, Task.CompletedTask))));
        Assert.True(lanes.TryEnqueue(GroupA, Job(() => Work("control", null, Task.CompletedTask)), bypassLimit: true));
        Assert.True(lanes.TryEnqueue(GroupB, Job(() => Work("other chat", null, Task.CompletedTask))));

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

        lanes.TryEnqueue(GroupA, Job(() => throw new InvalidOperationException("boom")));
        lanes.TryEnqueue(GroupA, Job(() => Work("after failure", second, Task.CompletedTask)));

        await second.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_idle_chat_takes_new_work_after_its_lane_was_removed()
    {
        var lanes = NewLanes(queueLimit: 0);
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();

        lanes.TryEnqueue(GroupA, Job(() => Work("first", first, Task.CompletedTask)));
        await lanes.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.True(lanes.TryEnqueue(GroupA, Job(() => Work("second", second, Task.CompletedTask))));

        await second.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(["first", "second"], _started);
    }

    [Fact]
    public async Task Queuing_never_runs_the_work_on_the_caller_but_takes_the_front_in_arrival_order()
    {
        var lanes = NewLanes(queueLimit: 10);
        using var release = new ManualResetEventSlim();
        var finished = 0;
        var fronts = new List<string>();

        // Work that blocks its thread until the caller has moved on: run on the caller, it would block it for seconds.
        Assert.True(lanes.TryEnqueue(GroupA, new RecordingWork("a", fronts, () =>
        {
            release.Wait(Patience);
            Interlocked.Exchange(ref finished, 1);
            return Task.CompletedTask;
        })));
        Assert.True(lanes.TryEnqueue(GroupB, new RecordingWork("b", fronts, () => Task.CompletedTask)));
        Assert.True(lanes.TryEnqueue(GroupA, new RecordingWork("a2", fronts, () => Task.CompletedTask)));

        Assert.Equal(0, Volatile.Read(ref finished));
        // Both idle lanes took their front before TryEnqueue returned, in arrival order; a2 waits behind a.
        Assert.Equal(["a", "b"], fronts);
        release.Set();
        await lanes.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(["a", "b", "a2"], fronts);
    }

    [Fact]
    public async Task Waiting_for_idle_needs_no_time_to_pass()
    {
        var time = new FakeTimeProvider();
        var lanes = new ConversationLanes(Options.Create(new ChatServiceOptions { QueueLimit = 10 }), time, NullLogger<ConversationLanes>.Instance);
        var release = new TaskCompletionSource();
        Assert.True(lanes.WhenIdleAsync(TestContext.Current.CancellationToken).IsCompleted);

        lanes.TryEnqueue(GroupA, Job(() => release.Task));
        var idle = lanes.WhenIdleAsync(TestContext.Current.CancellationToken);
        Assert.False(idle.IsCompleted);
        release.SetResult();

        // The fake clock never moves: the drain's end itself completes the wait, nothing polls.
        await idle.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(0, lanes.Pending);
    }

    private static ConversationLanes NewLanes(int queueLimit) =>
        new(Options.Create(new ChatServiceOptions { QueueLimit = queueLimit }), TimeProvider.System, NullLogger<ConversationLanes>.Instance);

    private static RecordingWork Job(Func<Task> run) => new RecordingWork(string.Empty, null, run);

    private async Task Work(string name, TaskCompletionSource? started, Task release)
    {
        _started.Enqueue(name);
        started?.TrySetResult();
        await release;
    }

    private sealed class RecordingWork(string name, List<string>? fronts, Func<Task> run) : ILaneWork
    {
        public void OnFront(TimeSpan waited) => fronts?.Add(name);

        public Task RunAsync() => run();
    }
}
