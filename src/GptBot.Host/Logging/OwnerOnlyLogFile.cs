using System.Text;
using Serilog.Sinks.File;

namespace GptBot.Host.Logging;

/// <summary>
/// Keeps GPT_LOG_FILE's files to the service's own user on Unix, like the data files: the log names chats and users,
/// and the usual umask (022) would let every local user read it. A directory the service creates is 0700; each file is
/// made 0600 as it is opened, before a line is written. Nothing is changed on Windows, where ACLs decide.
/// </summary>
internal sealed class OwnerOnlyLogFile : FileLifecycleHooks
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerFile | UnixFileMode.UserExecute;

    public static void EnsureDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerDirectory);
        }
    }

    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerFile) != 0)
        {
            File.SetUnixFileMode(path, OwnerFile);
        }

        return underlyingStream;
    }
}
