namespace GptBot.Persistence.Sqlite;

/// <summary>What opening the conversation file did to its schema.</summary>
/// <param name="FromVersion">The version found; 0 for a new, empty file.</param>
/// <param name="ToVersion">The version now (the newest this GptBot knows).</param>
/// <param name="BackupPath">The copy taken before migrating an existing file; null when no migration ran on one.</param>
internal sealed record SchemaUpgrade(int FromVersion, int ToVersion, string? BackupPath)
{
    /// <summary>An existing file was migrated (a new file being created does not count).</summary>
    public bool MigratedExistingFile => BackupPath is not null;
}
