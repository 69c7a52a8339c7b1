using System.Collections.Concurrent;
using GptBot.Testing;

namespace GptBot.Soak;

/// <summary>
/// Steady load from one QQ account in many groups: each group asks, waits for the whole answer (or an error text),
/// then asks again, paced to the target rate. The account's connection is replaced every few seconds, alternately
/// by a clean close and redial and by a second connection fighting for the same self id.
/// </summary>
internal sealed class SoakLoad(SoakOptions options, int port)
{
    private const long SelfId = 10001;
    private static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<long, Asked> _waiting = new();
    private readonly ConcurrentBag<Task> _pumps = [];
    private FakeOneBotPeer? _peer;
    private volatile bool _finished;
    private long _sent;
    private long _answered;
    private long _errored;
    private long _lost;
    private long _reconnects;

    public string Counts => $"sent {Interlocked.Read(ref _sent)}, answered {Interlocked.Read(ref _answered)}, errored {Interlocked.Read(ref _errored)}, lost {Interlocked.Read(ref _lost)}, reconnects {Interlocked.Read(ref _reconnects)}";

    public long Sent => Interlocked.Read(ref _sent);

    public long Answered => Interlocked.Read(ref _answered);

    public long Errored => Interlocked.Read(ref _errored);

    public long Lost => Interlocked.Read(ref _lost);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public async Task RunAsync(CancellationToken stopAsking)
    {
        _peer = await ConnectAsync(OneBotPersona.NapCat);
        var churn = ChurnAsync(stopAsking);
        var groups = Enumerable.Range(0, options.Groups).Select(g => AskLoopAsync(50_000 + g, stopAsking)).ToArray();
        await Task.WhenAll(groups);
        await churn;
        _finished = true;
        await _peer.CloseAsync();
        await Task.WhenAll(_pumps);
        await _peer.DisposeAsync();
    }

    private async Task AskLoopAsync(long group, CancellationToken stopAsking)
    {
        var cycle = TimeSpan.FromSeconds(options.Groups / options.RequestsPerSecond);
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next((int)cycle.TotalMilliseconds)), CancellationToken.None);
        for (var n = 0; !stopAsking.IsCancellationRequested; n++)
        {
            var started = DateTime.UtcNow;
            var asked = new Asked($"q{group}-{n}");
            _waiting[group] = asked;
            Interlocked.Increment(ref _sent);
            try
            {
                await _peer!.SendGroupMessageAsync(group, 60_000 + group, "/gpt " + asked.Prompt);
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or InvalidOperationException or ObjectDisposedException)
            {
                // The socket was being replaced at that instant: the implementation never got it, so it was not asked.
                Interlocked.Decrement(ref _sent);
                _waiting.TryRemove(group, out _);
                continue;
            }

            var outcome = await asked.Outcome.Task.WaitAsync(LostAfter, CancellationToken.None).ContinueWith(
                t => t.IsCompletedSuccessfully ? t.Result : Outcome.Lost, TaskScheduler.Default);
            _waiting.TryRemove(group, out _);
            switch (outcome)
            {
                case Outcome.Answered:
                    Interlocked.Increment(ref _answered);
                    break;
                case Outcome.Errored:
                    Interlocked.Increment(ref _errored);
                    break;
                default:
                    Interlocked.Increment(ref _lost);
                    break;
            }

            var rest = cycle - (DateTime.UtcNow - started);
            if (rest > TimeSpan.Zero && !stopAsking.IsCancellationRequested)
            {
                await Task.Delay(rest, CancellationToken.None);
            }
        }
    }

    private async Task ChurnAsync(CancellationToken stopAsking)
    {
        for (var round = 0; !stopAsking.IsCancellationRequested; round++)
        {
            try
            {
                await Task.Delay(options.ReconnectEvery, stopAsking);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var old = _peer!;
            if (round % 2 == 0)
            {
                // The implementation restarts: a clean close, then it dials again.
                await old.CloseAsync();
                _peer = await ConnectAsync(OneBotPersona.NapCat);
            }
            else
            {
                // A second client takes the same self id; the server closes the older one.
                _peer = await ConnectAsync(OneBotPersona.GoCqhttp);
                await old.WaitClosedAsync(TimeSpan.FromSeconds(10));
            }

            Interlocked.Increment(ref _reconnects);
        }
    }

    private async Task<FakeOneBotPeer> ConnectAsync(OneBotPersona persona)
    {
        var peer = await FakeOneBotPeer.ConnectAsync(port, SelfId, persona);
        _pumps.Add(PumpAsync(peer));
        return peer;
    }

    /// <summary>Reads what the bot sends on one connection until that connection is replaced and quiet.</summary>
    private async Task PumpAsync(FakeOneBotPeer peer)
    {
        while (true)
        {
            ApiCall call;
            try
            {
                call = await peer.NextCallAsync(c => c.IsSend, TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                if ((_finished || !ReferenceEquals(peer, _peer)) && peer.State != System.Net.WebSockets.WebSocketState.Open)
                {
                    return;
                }

                continue;
            }

            if (call.GroupId is not { } group || !_waiting.TryGetValue(group, out var asked))
            {
                continue;
            }

            // The bot may send the answer line by line or several lines in one message.
            var lines = call.Text.Split('\n');
            if (lines[^1] == "done " + asked.Prompt)
            {
                asked.Outcome.TrySetResult(Outcome.Answered);
            }
            else if (!lines.All(IsAnswerLine))
            {
                // Any other text is one of the bot's error texts (error 500..., 请求超时, LLM 服务暂时不可用...).
                asked.Outcome.TrySetResult(Outcome.Errored);
            }
        }
    }

    private static bool IsAnswerLine(string line) =>
        line.StartsWith("first line of ", StringComparison.Ordinal) || line.StartsWith("second line of ", StringComparison.Ordinal);

    private enum Outcome
    {
        Answered,
        Errored,
        Lost,
    }

    private sealed class Asked(string prompt)
    {
        public string Prompt { get; } = prompt;

        public TaskCompletionSource<Outcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
