using System.Globalization;

namespace GptBot.Testing;

/// <summary>CPU time and resident memory of a process, read from /proc (Linux).</summary>
public readonly record struct ProcStats(double CpuMs, long RssKb, long PeakRssKb)
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/PID/stat, 100 on every mainstream Linux build.</summary>
    private const double TicksPerSecond = 100;

    public static ProcStats? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after "(comm)": state is the first; utime and stime are the 12th and 13th (fields 14 and 15 of stat).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = ParseKb(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = ParseKb(line);
                }
            }

            return new ProcStats(ticks * 1000 / TicksPerSecond, rss, peak);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long ParseKb(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
