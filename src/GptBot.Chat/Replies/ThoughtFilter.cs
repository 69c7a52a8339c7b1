using System.Text;

namespace GptBot.Chat.Replies;

/// <summary>
/// Keeps a reasoning model's thoughts out of one answer (GPT_SHOW_REASONING off), or shows them before it (on). The
/// thoughts come two ways: as <c>reasoning_content</c> beside the text (DeepSeek's API, vLLM, many proxies), or as a
/// <c>&lt;think&gt;…&lt;/think&gt;</c> block at the start of the text itself (DeepSeek-R1 and Qwen served raw, Ollama's
/// distills). The block may be split anywhere across deltas, may follow some whitespace, and is never closed when the
/// stream is cut: an unclosed block is all thought, and nothing of it is shown. Only a block at the very start counts;
/// a <c>&lt;think&gt;</c> later in an answer is the answer's own text (a model explaining the tag, say).
/// </summary>
/// <remarks>
/// The history never keeps the thoughts, shown or not (<see cref="Answer"/>): providers ask not to be sent them back,
/// and they would crowd the real exchanges out of GPT_MAX_CONTEXT_TOKENS.
/// </remarks>
public sealed class ThoughtFilter(bool show)
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    /// <summary>How shown <c>reasoning_content</c> is set apart from the answer: the form inline thoughts have anyway.</summary>
    private const string ShownOpen = Open + "\n";
    private const string ShownClose = "\n" + Close + "\n\n";

    private readonly StringBuilder _held = new();
    private readonly StringBuilder? _answer = show ? new StringBuilder() : null;
    private State _state;
    private bool _reasoningOpen;

    private enum State
    {
        /// <summary>Only whitespace, or the beginning of <c>&lt;think&gt;</c>, so far: held until it is clear which.</summary>
        Start,

        /// <summary>Inside the leading block: dropped, but for a tail that may be the start of its closing tag.</summary>
        Thinking,

        /// <summary>The block just closed: the whitespace that separates it from the answer is dropped.</summary>
        AfterThinking,

        /// <summary>The answer itself: passed on as it comes.</summary>
        Answering,
    }

    /// <summary>A delta of the answer's text; returns what the chat is to get now (often all of it, sometimes nothing yet).</summary>
    public string Content(string delta)
    {
        var answer = Strip(delta);
        if (!show)
        {
            return answer;
        }

        _answer!.Append(answer);
        if (_reasoningOpen)
        {
            _reasoningOpen = false;
            return ShownClose + delta;
        }

        return delta;
    }

    /// <summary>A delta of <c>reasoning_content</c>; returns what the chat is to get now (nothing unless shown).</summary>
    public string Reasoning(string delta)
    {
        if (!show)
        {
            return string.Empty;
        }

        if (_reasoningOpen)
        {
            return delta;
        }

        _reasoningOpen = true;
        return ShownOpen + delta;
    }

    /// <summary>The stream ended (whole or cut): what is still to go to the chat.</summary>
    public string Complete()
    {
        var held = _state == State.Start ? _held.ToString() : string.Empty;
        _held.Clear();
        _state = State.Answering;
        if (!show)
        {
            // Whitespace, or a start of "<think>" that never became one: the answer's own text after all.
            return held;
        }

        _answer!.Append(held);
        if (_reasoningOpen)
        {
            _reasoningOpen = false;
            return ShownClose.TrimEnd();
        }

        return string.Empty;
    }

    /// <summary>The answer without its thoughts, for the history; <paramref name="sent"/> is what the chat got.</summary>
    public string Answer(string sent) => _answer?.ToString() ?? sent;

    private string Strip(string delta)
    {
        switch (_state)
        {
            case State.Answering:
                return delta;
            case State.Start when _held.Length == 0 && delta.AsSpan().TrimStart() is [not '<', ..]:
                // The common case, a model without thoughts: nothing is held or copied.
                _state = State.Answering;
                return delta;
            case State.Start:
                _held.Append(delta);
                var text = _held.ToString();
                var start = text.AsSpan().TrimStart();
                if (start.IsEmpty || (start.Length < Open.Length && Open.AsSpan().StartsWith(start, StringComparison.Ordinal)))
                {
                    return string.Empty;
                }

                _held.Clear();
                if (!start.StartsWith(Open, StringComparison.Ordinal))
                {
                    _state = State.Answering;
                    return text;
                }

                _state = State.Thinking;
                return Strip(start[Open.Length..].ToString());
            case State.Thinking:
                _held.Append(delta);
                var thought = _held.ToString();
                var end = thought.IndexOf(Close, StringComparison.Ordinal);
                _held.Clear();
                if (end < 0)
                {
                    // Keep just enough to recognise a closing tag split across deltas; the rest is thought.
                    _held.Append(thought, Math.Max(0, thought.Length - (Close.Length - 1)), Math.Min(thought.Length, Close.Length - 1));
                    return string.Empty;
                }

                _state = State.AfterThinking;
                return Strip(thought[(end + Close.Length)..]);
            default:
                var rest = delta.TrimStart();
                if (rest.Length > 0)
                {
                    _state = State.Answering;
                }

                return rest;
        }
    }
}
