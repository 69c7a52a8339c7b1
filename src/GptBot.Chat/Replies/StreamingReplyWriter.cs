using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;

namespace GptBot.Chat.Replies;

/// <summary>
/// Sends one answer as it streams: every completed line is sent at once, in order, each send awaited before the next
/// (the seed's behaviour). Failed sends are logged; the rest of the answer still goes out.
/// </summary>
public sealed partial class StreamingReplyWriter(
    ConversationKey key,
    IReplySender sender,
    long? quoteMessageId,
    ILogger logger)
{
    private readonly LineAccumulator _lines = new();
    private bool _quoted;

    /// <summary>Messages sent so far.</summary>
    public int SentCount { get; private set; }

    public int FailedCount { get; private set; }

    public string FullText => _lines.FullText;

    public async Task AppendAsync(string delta, CancellationToken cancellationToken)
    {
        foreach (var line in _lines.Append(delta))
        {
            await SendAsync(line, cancellationToken);
        }
    }

    /// <summary>Sends the unterminated last line, if any.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_lines.Flush() is { } last)
        {
            await SendAsync(last, cancellationToken);
        }
    }

    /// <summary>Sends one of the bot's own notices (an error text) to the same chat.</summary>
    public Task SendNoticeAsync(string text, CancellationToken cancellationToken) => SendAsync(text, cancellationToken);

    private async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        // Only the first message of an answer quotes the asker; the rest follow it.
        var quote = _quoted ? null : quoteMessageId;
        _quoted = true;
        var result = await sender.SendAsync(key, OutgoingReply.FromText(text, quote), cancellationToken);
        if (result.Delivered)
        {
            SentCount++;
        }
        else
        {
            FailedCount++;
            LogSendFailed(logger, key, text.Length, result.Failure ?? "unknown");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reply of {Length} chars to {Conversation} was not delivered: {Failure}")]
    private static partial void LogSendFailed(ILogger logger, ConversationKey conversation, int length, string failure);
}
