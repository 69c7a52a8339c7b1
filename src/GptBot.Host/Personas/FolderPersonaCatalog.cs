using System.Collections.Frozen;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using Microsoft.Extensions.Options;

namespace GptBot.Host.Personas;

/// <summary>
/// The personas of GPT_PERSONAS_DIR: every <c>*.md</c> or <c>*.txt</c> file is one, named after the file without its
/// extension, its text the system prompt. The folder is read into memory at start and again whenever it changes (a
/// watcher, plus a cheap re-scan every <see cref="RescanPeriod"/> for file systems that raise no events), so looking a
/// persona up on a prompt's path never touches the disk. A missing folder means no personas; a file that is too large,
/// empty or unreadable is skipped and named in the log once. The folder is first read when the host starts (after the
/// start's first line names the version), before any message is taken.
/// </summary>
public sealed partial class FolderPersonaCatalog : IPersonaCatalog, IHostedService, IDisposable
{
    /// <summary>The largest persona file read; a system prompt that long is already more than a model should carry.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>How often the folder is looked at even without a change event (network shares, some containers).</summary>
    public static readonly TimeSpan RescanPeriod = TimeSpan.FromSeconds(30);

    private static readonly string[] Extensions = [".md", ".txt"];

    private readonly string _directory;
    private readonly ILogger<FolderPersonaCatalog> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _scanLock = new();
    private readonly Dictionary<string, (long Length, DateTime Written, Persona? Persona)> _files = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private ITimer? _rescan;
    private volatile Snapshot _current = Snapshot.Empty;
    private bool _reportedMissing;
    private bool _disposed;

    public FolderPersonaCatalog(IOptions<PersonaOptions> options, TimeProvider timeProvider, ILogger<FolderPersonaCatalog> logger)
    {
        _directory = Path.GetFullPath(options.Value.Directory);
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public string Directory => _directory;

    public IReadOnlyList<Persona> List() => _current.Ordered;

    public Persona? Find(string name) => _current.ByName.TryGetValue(name, out var persona) ? persona : null;

    public async Task SaveAsync(Persona persona, CancellationToken cancellationToken)
    {
        if (PersonaNames.Problem(persona.Name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(persona));
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(persona.Prompt);
        if (bytes.Length > MaxFileBytes)
        {
            throw new ArgumentException($"a persona is at most {MaxFileBytes / 1024} KB", nameof(persona));
        }

        System.IO.Directory.CreateDirectory(_directory);

        // An existing persona keeps its file (and extension); a new one is a .md file.
        var target = Find(persona.Name) is { } existing
            ? Extensions.Select(ext => Path.Combine(_directory, existing.Name + ext)).FirstOrDefault(File.Exists) ?? Path.Combine(_directory, persona.Name + ".md")
            : Path.Combine(_directory, persona.Name + ".md");

        // Written beside its final name and renamed over it, so a reader never sees half a persona.
        var temporary = Path.Combine(_directory, $".{persona.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        LogSaved(_logger, persona.Name, target);
        Rescan();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Rescan();
        _rescan ??= _timeProvider.CreateTimer(static state => ((FolderPersonaCatalog)state!).Rescan(), this, RescanPeriod, RescanPeriod);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        lock (_scanLock)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
        }

        _rescan?.Dispose();
    }

    /// <summary>Reads the folder again; unchanged files (same size and time) are not read twice.</summary>
    public void Rescan()
    {
        lock (_scanLock)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                ScanLocked();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The folder went away or became unreadable mid-scan: keep what was known, try again on the next change.
                LogScanFailed(_logger, _directory, ex);
            }
        }
    }

    private void ScanLocked()
    {
        if (!System.IO.Directory.Exists(_directory))
        {
            if (!_reportedMissing)
            {
                _reportedMissing = true;
                LogMissing(_logger, _directory);
            }

            _watcher?.Dispose();
            _watcher = null;
            _files.Clear();
            _current = Snapshot.Empty;
            return;
        }

        _reportedMissing = false;
        EnsureWatcher();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var personas = new List<Persona>();
        foreach (var file in new DirectoryInfo(_directory).EnumerateFiles())
        {
            if (!Extensions.Contains(file.Extension, StringComparer.OrdinalIgnoreCase) || file.Name.StartsWith('.'))
            {
                continue;
            }

            seen.Add(file.FullName);
            if (!_files.TryGetValue(file.FullName, out var known) || known.Length != file.Length || known.Written != file.LastWriteTimeUtc)
            {
                known = (file.Length, file.LastWriteTimeUtc, Read(file));
                _files[file.FullName] = known;
            }

            if (known.Persona is { } persona)
            {
                personas.Add(persona);
            }
        }

        foreach (var gone in _files.Keys.Where(path => !seen.Contains(path)).ToArray())
        {
            _files.Remove(gone);
        }

        _current = Snapshot.Of(personas, _logger);
    }

    private Persona? Read(FileInfo file)
    {
        var name = Path.GetFileNameWithoutExtension(file.Name);
        if (PersonaNames.Problem(name) is not null)
        {
            LogSkipped(_logger, file.FullName, "its name cannot be typed as a persona name");
            return null;
        }

        if (file.Length > MaxFileBytes)
        {
            LogSkipped(_logger, file.FullName, $"it is larger than {MaxFileBytes / 1024} KB");
            return null;
        }

        try
        {
            var text = File.ReadAllText(file.FullName).Trim();
            if (text.Length == 0)
            {
                LogSkipped(_logger, file.FullName, "it is empty");
                return null;
            }

            return new Persona(name, text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSkipped(_logger, file.FullName, ex.Message);
            return null;
        }
    }

    private void EnsureWatcher()
    {
        if (_watcher is not null)
        {
            return;
        }

        try
        {
            var watcher = new FileSystemWatcher(_directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            FileSystemEventHandler changed = (_, _) => ThreadPool.QueueUserWorkItem(static catalog => catalog.Rescan(), this, preferLocal: false);
            watcher.Created += changed;
            watcher.Changed += changed;
            watcher.Deleted += changed;
            watcher.Renamed += (_, _) => ThreadPool.QueueUserWorkItem(static catalog => catalog.Rescan(), this, preferLocal: false);
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // Out of inotify watches, say: the periodic re-scan still picks changes up, only later.
            LogNoWatcher(_logger, _directory, ex.Message);
        }
    }

    private sealed record Snapshot(IReadOnlyList<Persona> Ordered, FrozenDictionary<string, Persona> ByName)
    {
        public static readonly Snapshot Empty = new([], FrozenDictionary<string, Persona>.Empty);

        public static Snapshot Of(List<Persona> personas, ILogger logger)
        {
            var byName = new Dictionary<string, Persona>(StringComparer.OrdinalIgnoreCase);
            foreach (var persona in personas.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                // a.md and a.txt, or A.md and a.md on a case-sensitive disk: one name, so the first (ordinal) wins.
                if (!byName.TryAdd(persona.Name, persona))
                {
                    LogDuplicate(logger, persona.Name);
                }
            }

            var ordered = byName.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Name, StringComparer.Ordinal).ToArray();
            return new Snapshot(ordered, byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GPT_PERSONAS_DIR {Directory} does not exist: no personas until it does")]
    private static partial void LogMissing(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Persona file {File} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Two persona files are named {Name}; the first in ordinal order is used")]
    private static partial void LogDuplicate(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading GPT_PERSONAS_DIR {Directory} failed; keeping the personas read before")]
    private static partial void LogScanFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch GPT_PERSONAS_DIR {Directory} ({Reason}); changes are picked up by the periodic re-scan")]
    private static partial void LogNoWatcher(ILogger logger, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Persona {Name} saved to {File}")]
    private static partial void LogSaved(ILogger logger, string name, string file);
}
