using System.Text;
using System.Threading.Channels;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;

namespace GptBot.Chat.Replies;

/// <summary>
/// Sends one answer while the model writes it. In stream mode completed lines are handed to a send loop that waits a
/// short window so lines arriving together go as one message, and respects the chat's send rate; the model's stream is
/// never blocked by sending, so GPT_TIMEOUT measures the model alone. In the other modes (and in a chat whose text
/// sends failed lately) the answer is delivered whole once complete. Every piece goes through <see cref="ReplyCascade"/>.
/// </summary>
public sealed partial class AnswerWriter
{
    private readonly AnswerTarget _target;
    private readonly ReplyCascade _cascade;
    private readonly ChatSendPacer _pacer;
    private readonly ReplyOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationToken _deliveryToken;
    private readonly StringBuilder _all = new();
    private readonly Lock _gate = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private bool _streaming;
    private int _taken;
    private int _completeLines;
    private DateTimeOffset _pendingSince;
    private bool _completed;
    private bool _finished;
    private ReplyForm? _fallback;
    private Task? _pump;

    internal AnswerWriter(
        AnswerTarget target, ReplyCascade cascade, ChatSendPacer pacer, ReplyOptions options, bool streaming, TimeProvider timeProvider, ILogger logger, CancellationToken deliveryToken)
    {
        _target = target;
        _cascade = cascade;
        _pacer = pacer;
        _options = options;
        _streaming = streaming;
        _timeProvider = timeProvider;
        _logger = logger;
        _deliveryToken = deliveryToken;
    }

    /// <summary>Messages delivered so far.</summary>
    public int SentCount => _target.SentCount;

    public int FailedCount => _target.FailedCount;

    /// <summary>Everything the model has written so far.</summary>
    public string FullText
    {
        get
        {
            lock (_gate)
            {
                return _all.ToString();
            }
        }
    }

    /// <summary>Adds a piece of the answer. Never waits for a send.</summary>
    public void Append(string delta)
    {
        if (delta.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            _all.Append(delta);
            var newline = delta.LastIndexOf('\n');
            if (!_streaming || newline < 0)
            {
                return;
            }

            if (_completeLines == _taken)
            {
                _pendingSince = _timeProvider.GetUtcNow();
            }

            _completeLines = _all.Length - delta.Length + newline + 1;
            _pump ??= Task.Run(PumpAsync, _deliveryToken);
        }

        _signal.Writer.TryWrite(true);
    }

    /// <summary>The model has finished: delivers everything not yet sent and waits until it is out.</summary>
    public async Task CompleteAsync()
    {
        Task? pump;
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            _completed = true;
            pump = _pump;
        }

        _signal.Writer.TryWrite(true);
        if (pump is not null)
        {
            await pump;
        }

        // Whatever the send loop left (all of it outside stream mode, the rest after a streamed failure) goes whole.
        string rest;
        lock (_gate)
        {
            rest = _all.ToString(_taken, _all.Length - _taken);
            _taken = _all.Length;
        }

        if (string.IsNullOrWhiteSpace(rest))
        {
            return;
        }

        bool lineByLine;
        lock (_gate)
        {
            lineByLine = _streaming && _options.CoalesceWindow <= TimeSpan.Zero && !rest.Contains("```", StringComparison.Ordinal);
        }

        if (lineByLine)
        {
            foreach (var line in rest.Split('\n'))
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    await _cascade.DeliverAsync(_target, line, ReplyForm.Text, _deliveryToken);
                }
            }

            return;
        }

        var start = _fallback ?? _cascade.StartForm(_target.Key, rest.Trim().Length);
        await _cascade.DeliverAsync(_target, rest, start, _deliveryToken);
    }

    /// <summary>Delivers what the model wrote so far, then one of the bot's own texts (an error or a timeout).</summary>
    public async Task SendNoticeAsync(string text)
    {
        lock (_gate)
        {
            if (_streaming && !_finished)
            {
                // Streaming, the seed's way: the complete lines went out, an unfinished last line is dropped rather than
                // sent as a fragment before the error text. (Whole, forward and image answers deliver what was written.)
                var end = _all.Length;
                while (end > 0 && _all[end - 1] != '\n')
                {
                    end--;
                }

                _all.Length = Math.Max(_taken, end);
            }
        }

        await CompleteAsync();
        await _cascade.SendNoticeAsync(_target, text, _deliveryToken);
    }

    /// <summary>
    /// Sends one of the bot's own texts after delivery was cancelled because the service is stopping: whatever of the
    /// answer was not sent yet is dropped, and the notice still goes out (bounded by ONEBOT_API_TIMEOUT).
    /// </summary>
    public Task SendNoticeDespiteStopAsync(string text) => _cascade.SendNoticeAsync(_target, text, CancellationToken.None);

    private async Task PumpAsync()
    {
        while (await _signal.Reader.WaitToReadAsync(_deliveryToken))
        {
            _signal.Reader.TryRead(out _);
            while (TryPeekPending(out var completed, out var since))
            {
                if (!completed)
                {
                    var wait = since + _options.CoalesceWindow - _timeProvider.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _timeProvider, _deliveryToken);
                    }

                    await _pacer.WaitUntilReadyAsync(_target.Key, _deliveryToken);
                }

                if (TakeChunk() is not { } chunk)
                {
                    break;
                }

                if (string.IsNullOrWhiteSpace(chunk))
                {
                    continue;
                }

                var form = await _cascade.DeliverAsync(_target, chunk, ReplyForm.Text, _deliveryToken);
                if (form != ReplyForm.Text)
                {
                    // Text failed in this chat: stop streaming, the rest goes whole at the end in the form that worked.
                    LogStreamStopped(_logger, _target.Key, form?.ToString() ?? "nothing");
                    lock (_gate)
                    {
                        _streaming = false;
                        _fallback = form;
                    }

                    return;
                }
            }

            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }
            }
        }
    }

    private bool TryPeekPending(out bool completed, out DateTimeOffset since)
    {
        lock (_gate)
        {
            completed = _completed;
            since = _pendingSince;
            return !_completed && _completeLines > _taken;
        }
    }

    /// <summary>The complete lines not yet sent, or null to wait for more (an unfinished code block shorter than a message).</summary>
    private string? TakeChunk()
    {
        lock (_gate)
        {
            if (_completed || _completeLines <= _taken)
            {
                // CompleteAsync sends the rest itself, in one piece with the unterminated last line.
                return null;
            }

            var end = _completeLines;
            if (_options.CoalesceWindow <= TimeSpan.Zero)
            {
                // No coalescing window: the seed's streaming, every completed line its own message.
                end = IndexOfNextLineEnd(_taken, _completeLines);
            }

            var chunk = _all.ToString(_taken, end - _taken);
            if (chunk.Length < _options.MaxMessageLength && CodeFences.Find(chunk).EndsOpen)
            {
                return null;
            }

            _taken = end;
            return chunk;
        }
    }

    /// <summary>The end (after its newline) of the first line in [start, limit) that has text, or limit.</summary>
    private int IndexOfNextLineEnd(int start, int limit)
    {
        var hasText = false;
        for (var i = start; i < limit; i++)
        {
            var c = _all[i];
            if (c == '\n')
            {
                if (hasText)
                {
                    return i + 1;
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                hasText = true;
            }
        }

        return limit;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped streaming to {Conversation} after a text send failed (delivered as {Form}); the rest follows whole")]
    private static partial void LogStreamStopped(ILogger logger, ConversationKey conversation, string form);
}
