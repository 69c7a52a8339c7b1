using System.Text;

namespace GptBot.Chat.Replies;

/// <summary>
/// The text of one answer as the model writes it, and how much of it has been handed out for sending. Complete lines
/// are taken while the model is still writing (stream mode); once the model is done, the rest is taken in one piece.
/// Safe to use from the model's stream and the send loop at once.
/// </summary>
internal sealed class ReplyBuffer(TimeProvider timeProvider)
{
    private readonly StringBuilder _all = new();
    private readonly Lock _lock = new();
    private int _taken;
    private int _completeLines;
    private long _pendingSince;
    private bool _complete;

    // Set when a long code block went out in pieces: the next fence in the text closes it rather than opening one.
    private bool _takenEndsInsideCode;

    /// <summary>Everything the model has written so far.</summary>
    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _all.ToString();
            }
        }
    }

    /// <summary>True once the model has finished: no more lines are handed out, only the rest.</summary>
    public bool IsComplete
    {
        get
        {
            lock (_lock)
            {
                return _complete;
            }
        }
    }

    /// <summary>Adds a piece of the answer; true when it completed at least one line.</summary>
    public bool Append(string delta)
    {
        var newline = delta.LastIndexOf('\n');
        lock (_lock)
        {
            _all.Append(delta);
            if (newline < 0)
            {
                return false;
            }

            if (_completeLines == _taken)
            {
                _pendingSince = timeProvider.GetTimestamp();
            }

            _completeLines = _all.Length - delta.Length + newline + 1;
            return true;
        }
    }

    public void Complete()
    {
        lock (_lock)
        {
            _complete = true;
        }
    }

    /// <summary>Whether complete lines wait to be taken, and since when (a monotonic timestamp) the oldest of them has waited.</summary>
    public bool TryPeekPending(out long since)
    {
        lock (_lock)
        {
            since = _pendingSince;
            return !_complete && _completeLines > _taken;
        }
    }

    /// <summary>
    /// The complete lines not yet taken (only the next one that has text when <paramref name="oneLine"/>, or the whole
    /// code block that line opens), or null to wait for more: the model is done (the rest goes in one piece), or the
    /// lines end inside a code block that is still shorter than one message.
    /// </summary>
    public string? TakeLines(bool oneLine, int maxMessageLength)
    {
        lock (_lock)
        {
            if (_complete || _completeLines <= _taken)
            {
                return null;
            }

            var end = oneLine ? IndexOfNextLineEnd(_taken, _completeLines) : _completeLines;
            var chunk = _all.ToString(_taken, end - _taken);
            if (CodeFences.Find(chunk, _takenEndsInsideCode).EndsOpen)
            {
                // A line that opens a code block goes with the block, up to its closing fence: once that has come,
                // the lines after it stream again. A block longer than one message goes in pieces before it closes.
                var pending = _all.ToString(_taken, _completeLines - _taken);
                if (oneLine && CodeFences.Find(pending, _takenEndsInsideCode).EndOfFirstBlock is { } blockEnd)
                {
                    end = _taken + blockEnd;
                    chunk = pending[..blockEnd];
                }
                else if (pending.Length >= maxMessageLength)
                {
                    end = _completeLines;
                    chunk = pending;
                }
                else
                {
                    return null;
                }
            }

            _takenEndsInsideCode = CodeFences.Find(chunk, _takenEndsInsideCode).EndsOpen;
            _taken = end;
            return chunk;
        }
    }

    /// <summary>Everything not taken yet, now taken.</summary>
    public string TakeRest()
    {
        lock (_lock)
        {
            var rest = _all.ToString(_taken, _all.Length - _taken);
            _taken = _all.Length;
            return rest;
        }
    }

    /// <summary>Drops an unfinished last line that has not been taken, so it is not sent as a fragment.</summary>
    public void DropUnfinishedLine()
    {
        lock (_lock)
        {
            var end = _all.Length;
            while (end > 0 && _all[end - 1] != '\n')
            {
                end--;
            }

            _all.Length = Math.Max(_taken, end);
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
}
