using System.Threading.Channels;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;

namespace GptBot.Chat.Replies;

/// <summary>
/// Writes one answer into its chat while the model writes it. In stream mode completed lines are handed to a send loop
/// that waits a short window so lines arriving together go as one message, and respects the chat's send rate; the
/// model's stream is never blocked by sending, so GPT_TIMEOUT measures the model alone. Otherwise (and in a chat whose
/// text sends failed lately) the answer is delivered whole once complete. Every piece goes through
/// <see cref="ReplyCascade"/>; disposing waits for the send loop, so no send outlives its answer.
/// </summary>
public sealed partial class ReplyWriter : IAsyncDisposable
{
    private readonly ReplyTarget _target;
    private readonly ReplyCascade _cascade;
    private readonly ReplySender _sender;
    private readonly ReplyFormPolicy _policy;
    private readonly ReplyPacer _pacer;
    private readonly ReplyOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationToken _deliveryToken;
    private readonly ReplyBuffer _buffer;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private volatile bool _streaming;
    private bool _finished;
    private ReplyForm? _workedForm;
    private Task? _pump;

    internal ReplyWriter(
        ReplyTarget target,
        ReplyCascade cascade,
        ReplySender sender,
        ReplyFormPolicy policy,
        ReplyPacer pacer,
        ReplyOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        CancellationToken deliveryToken)
    {
        _target = target;
        _cascade = cascade;
        _sender = sender;
        _policy = policy;
        _pacer = pacer;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _deliveryToken = deliveryToken;
        _buffer = new ReplyBuffer(timeProvider);
        _streaming = policy.Streams(target.Key, target.Mode);
    }

    /// <summary>Messages delivered so far.</summary>
    public int SentCount => _target.SentCount;

    /// <summary>Everything the model has written so far.</summary>
    public string FullText => _buffer.Text;

    /// <summary>
    /// Adds a piece of the answer. Never waits for a send. Called by the one stream that feeds this writer, as is
    /// <see cref="CompleteAsync"/>.
    /// </summary>
    public void Append(string delta)
    {
        if (delta.Length == 0 || !_buffer.Append(delta) || !_streaming)
        {
            return;
        }

        // Started here: it runs up to its first wait for the signal below, and on the thread pool from then on.
        _pump ??= PumpAsync();
        _signal.Writer.TryWrite(true);
    }

    /// <summary>The model has finished: delivers everything not yet sent and waits until it is out.</summary>
    public async Task CompleteAsync()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _buffer.Complete();
        _signal.Writer.TryWrite(true);
        if (_pump is { } pump)
        {
            await pump;
        }

        // Whatever the send loop left (all of it outside stream mode, the rest after a streamed failure) goes whole.
        var rest = _buffer.TakeRest();
        if (string.IsNullOrWhiteSpace(rest))
        {
            return;
        }

        if (_streaming && _options.CoalesceWindow <= TimeSpan.Zero && !rest.Contains("```", StringComparison.Ordinal))
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

        // A whole answer is trimmed as the seed trimmed its reply; the last piece of a streamed one keeps its indentation.
        var whole = _streaming ? rest : rest.Trim();
        var start = _policy.StartForm(_target.Key, rest.Trim().Length, _workedForm, _target.Mode);
        await _cascade.DeliverAsync(_target, whole, start, _deliveryToken);
    }

    /// <summary>Delivers what the model wrote so far, then one of the bot's own texts (an error or a timeout).</summary>
    public async Task SendNoticeAsync(string text)
    {
        if (_streaming && !_finished)
        {
            // Streaming, the seed's way: the complete lines went out, an unfinished last line is dropped rather than
            // sent as a fragment before the error text. (Whole, forward and image answers deliver what was written.)
            _buffer.DropUnfinishedLine();
        }

        await CompleteAsync();
        await _sender.SendNoticeAsync(_target, text, _deliveryToken);
    }

    /// <summary>
    /// Sends one of the bot's own texts after delivery was cancelled because the service is stopping: whatever of the
    /// answer was not sent yet is dropped, and the notice still goes out (bounded by ONEBOT_API_TIMEOUT).
    /// </summary>
    public Task SendNoticeDespiteStopAsync(string text) => _sender.SendNoticeAsync(_target, text, CancellationToken.None);

    /// <summary>
    /// Waits for the send loop. A failure of the loop already reached the caller of <see cref="CompleteAsync"/>, and a
    /// cancelled loop (the service stopping) has nothing left to report.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_pump is { } pump)
        {
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PumpAsync()
    {
        while (await _signal.Reader.WaitToReadAsync(_deliveryToken))
        {
            _signal.Reader.TryRead(out _);
            while (_buffer.TryPeekPending(out var since))
            {
                // Monotonic: a wall clock stepped back must not hold the answer's next lines.
                var wait = _options.CoalesceWindow - _timeProvider.GetElapsedTime(since);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _timeProvider, _deliveryToken);
                }

                await _pacer.WaitUntilReadyAsync(_target.Key, _deliveryToken);

                // No coalescing window: the seed's streaming, every completed line its own message.
                if (_buffer.TakeLines(oneLine: _options.CoalesceWindow <= TimeSpan.Zero, _options.MaxMessageLength) is not { } chunk)
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
                    _workedForm = form;
                    _streaming = false;
                    return;
                }
            }

            if (_buffer.IsComplete)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped streaming to {Conversation} after a text send failed (delivered as {Form}); the rest follows whole")]
    private static partial void LogStreamStopped(ILogger logger, ConversationKey conversation, string form);
}
