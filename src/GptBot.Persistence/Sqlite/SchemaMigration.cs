namespace GptBot.Persistence.Sqlite;

/// <summary>
/// One step of the conversation file's schema: the SQL that takes a file at <c>Version - 1</c> to <see cref="Version"/>.
/// It runs inside the step's transaction, so it must not manage transactions itself (no BEGIN/COMMIT, no VACUUM).
/// </summary>
/// <param name="Version">The schema version the file has once this step has committed.</param>
/// <param name="Description">What the step changes, for the log line that reports an upgrade.</param>
/// <param name="Sql">One or more statements.</param>
internal sealed record SchemaMigration(int Version, string Description, string Sql);
