namespace GptBot.Host.Configuration;

/// <summary>
/// Loads <c>.env</c> the way NoneBot does: <c>.env</c> first, then <c>.env.{ENVIRONMENT}</c> over it. ENVIRONMENT comes
/// from the process environment or <c>.env</c>; unset, it is NoneBot's default <c>prod</c>, so a NoneBot project's
/// <c>.env.prod</c> is read as NoneBot read it. The values go into configuration only; the process environment is left alone.
/// </summary>
internal static class DotEnvFiles
{
    /// <summary>NoneBot's environment when ENVIRONMENT is not set.</summary>
    public const string DefaultEnvironment = "prod";

    public static void AddTo(IConfigurationBuilder configuration, string directory)
    {
        var values = Read(Path.Combine(directory, ".env"));
        var environment = Environment.GetEnvironmentVariable("ENVIRONMENT")
            ?? values.FirstOrDefault(pair => pair.Key.Equals("ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).Value;
        if (string.IsNullOrWhiteSpace(environment))
        {
            environment = DefaultEnvironment;
        }

        foreach (var pair in Read(Path.Combine(directory, ".env." + environment.Trim())))
        {
            values[pair.Key] = pair.Value;
        }

        configuration.AddInMemoryCollection(values!);
    }

    private static Dictionary<string, string> Read(string path) => File.Exists(path)
        ? DotEnvParser.Parse(File.ReadAllText(path), Path.GetFileName(path))
        : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
