namespace GptBot.Host.Configuration;

/// <summary>
/// Where settings come from, lowest precedence first: appsettings.json, .env (and .env.{ENVIRONMENT} as NoneBot loads
/// it), environment variables, the command line. The service and its health check read the same sources, so the check
/// probes the address the service listens on.
/// </summary>
internal static class SettingsSources
{
    public static void AddTo(IConfigurationBuilder configuration, string directory, string[] args)
    {
        configuration.AddJsonFile(Path.Combine(directory, "appsettings.json"), optional: true, reloadOnChange: false);
        DotEnvFiles.AddTo(configuration, directory);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
    }
}
