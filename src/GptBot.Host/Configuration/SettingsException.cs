namespace GptBot.Host.Configuration;

/// <summary>
/// Settings with unusable values, all of them at once. Each problem is one line naming its setting
/// (<c>GPT_TIMEOUT: must be a number from 1 to 3600, got 'abc'</c>), so the operator knows what to fix.
/// </summary>
public sealed class SettingsException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public SettingsException(string key, string problem)
        : this([$"{key}: {problem}"])
    {
    }

    public IReadOnlyList<string> Problems { get; } = problems;
}
