namespace GptBot.Llm.WebSession;

/// <summary>
/// Turns the web backend's cumulative snapshots (each frame repeats the whole text so far) into the deltas the
/// domain streams line by line. A snapshot of a different message that does not continue the text shown so far
/// starts a new paragraph instead of being sliced at the old length (the seed's <c>full[skip:]</c>).
/// </summary>
internal sealed class CumulativeText
{
    private string _current = string.Empty;
    private string? _messageId;
    private bool _emittedAny;

    /// <summary>Returns the new text to show for this snapshot (empty when there is none).</summary>
    public string Next(string? messageId, string snapshot)
    {
        var sameMessage = messageId is null || _messageId is null || messageId == _messageId;
        _messageId = messageId ?? _messageId;
        if (snapshot.StartsWith(_current, StringComparison.Ordinal))
        {
            return Emit(snapshot, snapshot[_current.Length..]);
        }

        if (!sameMessage)
        {
            // A second assistant message in the same answer: its snapshots start again from nothing.
            return Emit(snapshot, _emittedAny && snapshot.Length > 0 ? "\n\n" + snapshot : snapshot);
        }

        if (_current.StartsWith(snapshot, StringComparison.Ordinal))
        {
            return string.Empty; // an older, shorter snapshot arriving late
        }

        // The same message rewritten below what was already sent: what was sent stays sent; show only what is beyond it.
        var delta = snapshot.Length > _current.Length ? snapshot[_current.Length..] : string.Empty;
        if (snapshot.Length > _current.Length)
        {
            _current = snapshot;
        }

        _emittedAny |= delta.Length > 0;
        return delta;
    }

    private string Emit(string snapshot, string delta)
    {
        _current = snapshot;
        _emittedAny |= delta.Length > 0;
        return delta;
    }
}
