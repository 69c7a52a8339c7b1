using System.Collections.Concurrent;
using System.Threading.Channels;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;

namespace GptBot.Tests.Chat.Replies;

/// <summary>An <see cref="IReplySender"/> that records every send and answers as <see cref="Script"/> says (default: delivered).</summary>
internal sealed class ScriptedReplySender : IReplySender
{
    private readonly Channel<OutgoingReply> _sends = Channel.CreateUnbounded<OutgoingReply>();
    private readonly ConcurrentQueue<(OutgoingReply Reply, DeliveryResult Result)> _all = new();
    private int _nextId = 1;

    public Func<OutgoingReply, DeliveryResult> Script { get; set; } = _ => DeliveryResult.Success(null);

    public IReadOnlyList<(OutgoingReply Reply, DeliveryResult Result)> All => _all.ToArray();

    public IEnumerable<OutgoingReply> Delivered => All.Where(s => s.Result.Delivered).Select(s => s.Reply);

    public static DeliveryResult Refused(string why = "retcode 1200: 发送失败") => DeliveryResult.Failed(why);

    public Task<DeliveryResult> SendAsync(ConversationKey key, OutgoingReply reply, CancellationToken cancellationToken)
    {
        var result = Script(reply);
        if (result.Delivered)
        {
            result = DeliveryResult.Success(Interlocked.Increment(ref _nextId));
        }

        _all.Enqueue((reply, result));
        _sends.Writer.TryWrite(reply);
        return Task.FromResult(result);
    }

    public async Task<OutgoingReply> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _sends.Reader.ReadAsync(timeout.Token);
    }
}
