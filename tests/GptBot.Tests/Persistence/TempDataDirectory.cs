using Microsoft.Data.Sqlite;

namespace GptBot.Tests.Persistence;

/// <summary>A fresh folder under the temp directory for one test's database file, deleted afterwards.</summary>
public sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gptbot-unit", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        // Pooled handles would keep the file open on some platforms; the store does not pool, but tests may.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
