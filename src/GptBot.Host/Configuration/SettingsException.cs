namespace GptBot.Host.Configuration;

/// <summary>A setting with an unusable value. The message names the setting, so the operator knows what to fix.</summary>
public sealed class SettingsException(string key, string problem)
    : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
}
