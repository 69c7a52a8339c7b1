using System.Collections.Concurrent;
using System.Threading.Channels;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;

namespace GptBot.Tests.Chat.Replies;

/// <summary>An <see cref="IReplyTransport"/> that records every send and answers as <see cref="Script"/> says (default: delivered).</summary>
internal sealed class ScriptedReplyTransport : IReplyTransport
{
    private readonly Channel<(ConversationKey Key, ReplyMessage Message)> _sends = Channel.CreateUnbounded<(ConversationKey, ReplyMessage)>();
    private readonly ConcurrentQueue<(ReplyMessage Reply, ReplyResult Result)> _all = new();
    private int _nextId = 1;

    public Func<ReplyMessage, ReplyResult> Script { get; set; } = _ => ReplyResult.Success(null);

    public IReadOnlyList<(ReplyMessage Reply, ReplyResult Result)> All => _all.ToArray();

    public IEnumerable<ReplyMessage> Delivered => All.Where(s => s.Result.Delivered).Select(s => s.Reply);

    public static ReplyResult Refused(string why = "retcode 1200: 发送失败") => ReplyResult.Failed(why);

    public Task<ReplyResult> SendAsync(ConversationKey key, ReplyMessage message, CancellationToken cancellationToken)
    {
        var result = Script(message);
        if (result.Delivered)
        {
            result = ReplyResult.Success(Interlocked.Increment(ref _nextId));
        }

        _all.Enqueue((message, result));
        _sends.Writer.TryWrite((key, message));
        return Task.FromResult(result);
    }

    public async Task<ReplyMessage> NextAsync() => (await NextSentAsync()).Message;

    /// <summary>The next message sent, with the chat it went to; fails the test after 10 s.</summary>
    public async Task<(ConversationKey Key, ReplyMessage Message)> NextSentAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _sends.Reader.ReadAsync(timeout.Token);
    }
}
