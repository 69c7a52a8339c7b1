using System.Runtime.Versioning;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Hosting.WindowsServices;
using Microsoft.Extensions.Logging.EventLog;

namespace GptBot.Host.Service;

/// <summary>
/// Running under a service manager: systemd (readiness for Type=notify, journal priorities on log lines) or the Windows
/// service control manager (start and stop, the Event Log). Each part switches itself on only when the process was
/// started that way, so a start from a terminal or in a container is unchanged.
/// </summary>
internal static class ServiceManagers
{
    /// <summary>systemd started the process: its output goes to the journal, which stamps each line itself.</summary>
    public static bool UnderSystemd => SystemdHelpers.IsSystemdService();

    /// <summary>
    /// Moves a Windows service into the folder of GptBot.exe. The service control manager starts it in
    /// C:\Windows\System32, where neither the operator's .env nor ./data are.
    /// </summary>
    public static void UseExecutableDirectoryForWindowsService()
    {
        if (WindowsServiceHelpers.IsWindowsService())
        {
            Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        }
    }

    /// <summary>True when log events should also reach the logging providers (the Windows Event Log), not only Serilog's sinks.</summary>
    public static bool LogsToProviders => WindowsServiceHelpers.IsWindowsService();

    public static void AddTo(IServiceCollection services)
    {
        // Tells systemd READY=1 once Kestrel listens (Type=notify) and STOPPING=1 on the way down.
        services.AddSystemd();
        if (WindowsServiceHelpers.IsWindowsService())
        {
            AddWindowsService(services);
        }
    }

    [SupportedOSPlatform("windows")]
    private static void AddWindowsService(IServiceCollection services)
    {
        services.AddWindowsService();
        // A service has no console: warnings and errors go to the Application log. Every answer logs at Information,
        // which would flood it.
        services.Configure<EventLogSettings>(settings =>
        {
            settings.SourceName = "GptBot";
            settings.Filter = (_, level) => level >= LogLevel.Warning;
        });
    }
}
