namespace GptBot.Chat.Settings;

/// <summary>What a persona may be called: a plain file name a member can type after <c>/gpt_control persona</c>.</summary>
public static class PersonaNames
{
    /// <summary>The longest persona name.</summary>
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="name"/> cannot name a persona, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0 || name.Length > MaxLength)
        {
            return $"a persona name has 1 to {MaxLength} characters";
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.IndexOfAny(['/', '\\', ':']) >= 0 || name.StartsWith('.'))
        {
            return "a persona name is a plain file name: no path separators, no '..', no leading '.'";
        }

        if (name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            return "a persona name has no spaces and no characters a file name cannot have";
        }

        return name.Equals("default", StringComparison.OrdinalIgnoreCase)
            ? "'default' means the global prompt (GPT_SYSTEM_PROMPT) and cannot name a persona"
            : null;
    }
}
