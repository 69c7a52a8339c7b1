namespace GptBot.Persistence.Sqlite;

/// <summary>A mode that was wider than the owner's alone: tightened to <see cref="Now"/>, or left as it was when that failed.</summary>
/// <param name="Failure">Why the mode could not be changed (the file belongs to another user...); null when it was.</param>
public sealed record TightenedMode(string Path, UnixFileMode Was, UnixFileMode Now, string? Failure = null)
{
    /// <summary>A mode as <c>ls</c> and <c>chmod</c> write it, e.g. <c>0644</c>.</summary>
    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}

/// <summary>
/// Keeps the data directory and the database files to the service's own user on Unix: every private conversation is
/// in them, and the usual umask (022) would let every local user read them. Created 0700 and 0600; wider modes left by
/// an earlier version or an operator's copy are tightened. Nothing is changed on Windows, where ACLs decide.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersBits = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (0700) if missing, else tightens it; adds what it tightened to <paramref name="tightened"/>.</summary>
    public static void EnsureDirectory(string path, List<TightenedMode> tightened)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerDirectory);
            return;
        }

        Tighten(path, tightened);
    }

    /// <summary>
    /// Creates <paramref name="path"/> empty (0600) if missing, else tightens it. SQLite gives the -wal and -shm files
    /// the mode of the database file, so a private database keeps them private too.
    /// </summary>
    public static void EnsureFile(string path, List<TightenedMode> tightened)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerFile });
            return;
        }

        Tighten(path, tightened);
    }

    /// <summary>Tightens <paramref name="path"/> if it exists and others may use it.</summary>
    public static void TightenIfPresent(string path, List<TightenedMode> tightened)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            Tighten(path, tightened);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(string path, List<TightenedMode> tightened)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & OthersBits) == 0)
        {
            return;
        }

        var now = mode & ~OthersBits;
        try
        {
            File.SetUnixFileMode(path, now);
            tightened.Add(new TightenedMode(path, mode, now));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // Owned by another user (a volume made by root...): the service can still use it; the operator is told.
            tightened.Add(new TightenedMode(path, mode, mode, ex.Message));
        }
    }
}
