using GptBot.Chat.Model;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using Microsoft.Extensions.Logging;

namespace GptBot.Host.Bridges;

/// <summary>
/// Quoted messages. NoneBot asks <c>get_msg</c> who wrote a quoted message before it applies the to-me rules, so a reply
/// to the bot reads as addressed to it. While that lookup is out, its conversation holds back its later messages and
/// posts them after it, in arrival order; other conversations are never held. The lookups are owned here: each runs on
/// the thread pool, never throws, and is awaited when the service stops.
/// </summary>
internal sealed partial class OneBotEventBridge : IHostedService, IDisposable
{
    /// <summary>
    /// Messages one conversation may hold behind an unanswered lookup (bounded by ONEBOT_API_TIMEOUT); far more than a
    /// busy group writes meanwhile. Beyond it messages are dropped and logged.
    /// </summary>
    public const int HeldLimit = 256;

    /// <summary>
    /// How long a quoted message's lookup may hold its conversation. Implementations answer get_msg in milliseconds, but
    /// one slow to find an old message must not silence a whole group for ONEBOT_API_TIMEOUT; past this the message is
    /// taken as it came, as on a failed lookup.
    /// </summary>
    public static readonly TimeSpan LookupLimit = TimeSpan.FromSeconds(10);

    private readonly Dictionary<ConversationKey, Held> _held = [];
    private readonly CancellationTokenSource _stopping = new();
    private volatile int _heldCount;

    /// <summary>Whether any conversation waits for a lookup; false is the common case and costs no lock.</summary>
    private bool HoldsAny => _heldCount > 0;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Cancels the lookups still out and waits for them; what they held is dropped and logged (the chat is closed by now).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] lookups;
        lock (_held)
        {
            lookups = [.. _held.Values.Select(held => held.Lookup)];
        }

        // Cancelled, they end at once; a host that stops before that leaves them to end on their own.
        await Task.WhenAll(lookups).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private void HoldOrPost(ConversationKey key, MessageEvent message, long? replyId)
    {
        if (_stopping.IsCancellationRequested)
        {
            // The chat takes nothing new once stopping began: start no lookup that nobody would await.
            Post(key, message, quoted: null);
            return;
        }

        lock (_held)
        {
            if (_held.TryGetValue(key, out var held))
            {
                if (held.Waiting.Count >= HeldLimit)
                {
                    if (_heldFullLog.TryEnter(out var suppressed))
                    {
                        LogHeldFull(logger, message.MessageId, key, HeldLimit, suppressed);
                    }

                    return;
                }

                held.Waiting.Enqueue(new HeldMessage(message, replyId));
                return;
            }

            if (replyId is { } id)
            {
                var started = new Held();
                _held.Add(key, started);
                _heldCount = _held.Count;

                // Task.Run only queues the lookup, so none of it runs under this lock or on the receive loop.
                started.Lookup = Task.Run(() => ResolveAsync(key, started, new HeldMessage(message, id)));
                return;
            }
        }

        // Nothing of this conversation is held (another one's lookup made the fast path take the lock).
        Post(key, message, quoted: null);
    }

    /// <summary>Looks up the quoted message (its sender, and its images), posts the message, then what its conversation held, until none is left.</summary>
    private async Task ResolveAsync(ConversationKey key, Held held, HeldMessage quoting)
    {
        var released = false;
        try
        {
            while (true)
            {
                var quoted = await LookUpAsync(quoting.Message, quoting.ReplyId!.Value);
                lock (_held)
                {
                    Post(key, quoting.Message, quoted);
                    if (!TakeNextQuoting(key, held, out quoting))
                    {
                        released = true;
                        return;
                    }
                }
            }
        }
        finally
        {
            if (!released)
            {
                // Only an unexpected failure gets here: never leave the conversation held for good.
                lock (_held)
                {
                    LogHeldDropped(logger, held.Waiting.Count, key);
                    Release(key);
                }
            }
        }
    }

    /// <summary>
    /// Posts the held messages up to the next one that quotes (returned in <paramref name="next"/>); false and the
    /// conversation released when none is left. Called under the lock, so a message arriving meanwhile queues behind.
    /// </summary>
    private bool TakeNextQuoting(ConversationKey key, Held held, out HeldMessage next)
    {
        while (held.Waiting.TryDequeue(out next))
        {
            if (next.ReplyId is not null)
            {
                return true;
            }

            Post(key, next.Message, quoted: null);
        }

        Release(key);
        return false;
    }

    private void Release(ConversationKey key)
    {
        _held.Remove(key);
        _heldCount = _held.Count;
    }

    private async Task<QuotedMessage?> LookUpAsync(MessageEvent message, long replyId)
    {
        using var timeout = new CancellationTokenSource(LookupLimit, timeProvider);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, timeout.Token);
        try
        {
            return await api.GetQuotedMessageAsync(message.SelfId, replyId, limit.Token);
        }
        catch (OneBotActionException ex)
        {
            // As in NoneBot: if get_msg fails the message is left as it came.
            LogGetMsgFailed(logger, replyId, ex.Message);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the chat takes no new messages any more, so the answer would not matter.
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            LogGetMsgTooSlow(logger, replyId, LookupLimit.TotalSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogGetMsgBroken(logger, replyId, ex);
        }

        return null;
    }

    private readonly record struct HeldMessage(MessageEvent Message, long? ReplyId);

    /// <summary>A conversation's messages waiting behind a lookup, and the lookup that posts them.</summary>
    private sealed class Held
    {
        public Queue<HeldMessage> Waiting { get; } = new();

        public Task Lookup { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "get_msg for quoted message {MessageId} failed ({Reason}); treating the message as it came")]
    private static partial void LogGetMsgFailed(ILogger logger, long messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "get_msg for quoted message {MessageId} failed unexpectedly; treating the message as it came")]
    private static partial void LogGetMsgBroken(ILogger logger, long messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped message {MessageId} in {Conversation}: {Limit} messages already wait there for a quoted message's get_msg ({Suppressed} more dropped since the last such line)")]
    private static partial void LogHeldFull(ILogger logger, long messageId, ConversationKey conversation, int limit, int suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "get_msg for quoted message {MessageId} got no answer within {Seconds} s; treating the message as it came")]
    private static partial void LogGetMsgTooSlow(ILogger logger, long messageId, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resolving a quoted message failed; dropped the {Count} messages {Conversation} held behind it")]
    private static partial void LogHeldDropped(ILogger logger, int count, ConversationKey conversation);
}
