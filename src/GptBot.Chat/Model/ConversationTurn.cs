namespace GptBot.Chat.Model;

public enum TurnRole
{
    User,
    Assistant,
}

/// <summary>One stored turn. In groups, user turns carry the speaker's name so the model can tell members apart.</summary>
public sealed record ConversationTurn(TurnRole Role, string Text, string? AuthorName, DateTimeOffset At)
{
    // What this turn costs in the LLM's window, as the prompt builder last counted it: a stored turn is sent again with
    // every later request of its chat, and re-tokenizing the whole history each time was most of a request's CPU. The
    // count is not part of the turn's value (equal turns stay equal whatever they hold), and a copy made with `with`
    // starts uncounted, since its text may differ.
    private TokenCountCache _tokens;

    private ConversationTurn(ConversationTurn original)
    {
        Role = original.Role;
        Text = original.Text;
        AuthorName = original.AuthorName;
        At = original.At;
    }

    /// <summary>The count kept by <see cref="KeepTokenCount"/> under the same <paramref name="generation"/> of counts, if any.</summary>
    internal bool TryGetTokenCount(int generation, out int tokens) => _tokens.TryGet(generation, out tokens);

    internal void KeepTokenCount(int generation, int tokens) => _tokens.Set(generation, tokens);

    /// <summary>
    /// One count and the generation of counts it belongs to, in one word so a reader never pairs one count with
    /// another's generation. Always equal to another cache: it does not take part in the turn's equality.
    /// </summary>
    private struct TokenCountCache : IEquatable<TokenCountCache>
    {
        private long _packed; // (generation + 1) << 32 | tokens; zero: nothing counted yet

        public bool TryGet(int generation, out int tokens)
        {
            var packed = Volatile.Read(ref _packed);
            tokens = (int)(packed & 0xFFFF_FFFF);
            return packed != 0 && (int)(packed >> 32) == generation + 1;
        }

        public void Set(int generation, int tokens) => Volatile.Write(ref _packed, ((long)(generation + 1) << 32) | (uint)tokens);

        public readonly bool Equals(TokenCountCache other) => true;

        public override readonly bool Equals(object? obj) => obj is TokenCountCache;

        public override readonly int GetHashCode() => 0;
    }
}

/// <summary>What is stored for one conversation: its turns in order, and an opaque thread id for stateful backends.</summary>
public sealed record ConversationSnapshot(IReadOnlyList<ConversationTurn> Turns, string? BackendState, DateTimeOffset? LastActivity)
{
    public static readonly ConversationSnapshot Empty = new([], null, null);
}
