using Microsoft.Data.Sqlite;
using static System.FormattableString;

namespace GptBot.Persistence.Sqlite;

/// <summary>
/// Brings an open conversation file to the newest schema of a migration list. The version lives in
/// <c>PRAGMA user_version</c> (the file's header). Before the first step on an existing file, the file is copied to
/// <c>gptbot.db.bak-&lt;its version&gt;</c>; each step then commits on its own, so a failure leaves the file at the last
/// version that committed and the next start carries on from there. A file newer than the list is refused untouched.
/// </summary>
internal static class SqliteSchemaMigrator
{
    /// <param name="filePath">The file <paramref name="connection"/> has open; the backup goes next to it.</param>
    /// <exception cref="InvalidOperationException">The file was written by a newer GptBot, or the list is out of order.</exception>
    public static SchemaUpgrade Migrate(SqliteConnection connection, string filePath, IReadOnlyList<SchemaMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(Invariant($"schema migration {i + 1} is numbered {migrations[i].Version}; the list must count 1, 2, 3..."));
            }
        }

        var newest = migrations.Count;
        var recorded = (int)(long)Scalar(connection, "PRAGMA user_version")!;
        var version = recorded == 0 ? VersionBeforeUserVersion(connection) : recorded;
        if (version > newest)
        {
            throw new InvalidOperationException(Invariant(
                $"{Path.GetFileName(filePath)} has schema version {version}, newer than this GptBot understands ({newest}); run the newer GptBot that upgraded it, or restore the {Path.GetFileName(filePath)}.bak-* copy it made before upgrading"));
        }

        var backupPath = version > 0 && version < newest ? Backup(connection, filePath, version) : null;
        if (recorded == 0 && version > 0)
        {
            // A file from before user_version: record what it is, so later starts need not look for tables.
            Execute(connection, null, Invariant($"PRAGMA user_version = {version}"));
        }

        // A step that rebuilds a table (create, copy, drop, rename) must not cascade the drop into the turns.
        Execute(connection, null, "PRAGMA foreign_keys = OFF");
        for (var next = version + 1; next <= newest; next++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, migrations[next - 1].Sql);
            if (Scalar(connection, "PRAGMA foreign_key_check", transaction) is not null)
            {
                throw new InvalidOperationException(Invariant($"schema migration {next} ({migrations[next - 1].Description}) left rows whose references are broken"));
            }

            // schema_version is what GptBot read before user_version existed: kept current, an older GptBot refuses a
            // file it does not understand instead of writing into it.
            Execute(connection, transaction, Invariant($"PRAGMA user_version = {next}; DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({next});"));
            transaction.Commit();
        }

        return new SchemaUpgrade(version, newest, backupPath);
    }

    /// <summary>
    /// GptBot kept the version in a <c>schema_version</c> table before it used user_version, and wrote 1 there. A file
    /// without user_version but with the conversation tables is such a file; one without them is new.
    /// </summary>
    private static int VersionBeforeUserVersion(SqliteConnection connection)
    {
        if (!TableExists(connection, "conversations"))
        {
            return 0;
        }

        return TableExists(connection, "schema_version") && Scalar(connection, "SELECT MAX(version) FROM schema_version") is long version
            ? (int)version
            : 1;
    }

    /// <summary>
    /// Copies the file with SQLite's online backup (a consistent snapshot, WAL included) into a private file that is
    /// renamed into place only when complete, so a half-written backup never carries the backup's name.
    /// </summary>
    private static string Backup(SqliteConnection source, string filePath, int version)
    {
        var backupPath = Invariant($"{filePath}.bak-{version}");
        var partial = backupPath + ".partial";
        File.Delete(partial);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // Conversations are private: the copy is as closed as the file it copies.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            new FileStream(partial, options).Dispose();
            var target = new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
            using (var connection = new SqliteConnection(target))
            {
                connection.Open();
                source.BackupDatabase(connection);

                // One self-contained file to keep or copy back, with no -wal beside it.
                Execute(connection, null, "PRAGMA journal_mode = DELETE");
            }

            File.Move(partial, backupPath, overwrite: true);
            return backupPath;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static bool TableExists(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is not null;
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
