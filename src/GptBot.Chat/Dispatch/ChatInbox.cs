using System.Threading.Channels;
using GptBot.Chat.Model;

namespace GptBot.Chat.Dispatch;

/// <summary>What became of a message handed to the <see cref="ChatInbox"/>.</summary>
public enum InboxPost
{
    Accepted,

    /// <summary>The inbox holds <see cref="ChatInbox.Capacity"/> messages already; this one was not taken.</summary>
    Full,

    /// <summary>The service is stopping and takes no new messages.</summary>
    Closed,
}

/// <summary>
/// The hand-off from the transport to the chat: a bounded queue of incoming messages, read in arrival order by the
/// <see cref="ChatDispatcher"/> alone. Posting never waits. When the inbox is full the newest message is refused (the
/// poster logs it): the poster is a connection's receive loop, which also carries the heartbeats and the answers that
/// the bot's own sends wait for, so waiting there would stall every chat of that bot. No notice goes to the chat then:
/// a full inbox means the dispatcher is starved of CPU, and a notice is more of the work that is already behind.
/// </summary>
public sealed class ChatInbox
{
    /// <summary>
    /// Messages the inbox holds. Dispatching one takes microseconds, so this is only reached when the process is
    /// overloaded; it bounds the memory an event flood can take (a few MB).
    /// </summary>
    public const int Capacity = 8192;

    private readonly Channel<IncomingMessage> _channel = Channel.CreateBounded<IncomingMessage>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = false,
    });

    private volatile bool _closed;

    internal ChannelReader<IncomingMessage> Reader => _channel.Reader;

    /// <summary>Hands a message to the chat without waiting.</summary>
    public InboxPost TryPost(IncomingMessage message)
    {
        if (_channel.Writer.TryWrite(message))
        {
            return InboxPost.Accepted;
        }

        // TryWrite fails on a full inbox and on a completed one; only the stop completes it.
        return _closed ? InboxPost.Closed : InboxPost.Full;
    }

    /// <summary>Takes no new messages from now on; those already posted are still dispatched.</summary>
    public void Complete()
    {
        _closed = true;
        _channel.Writer.TryComplete();
    }
}
