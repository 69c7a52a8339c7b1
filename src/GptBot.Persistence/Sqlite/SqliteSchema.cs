namespace GptBot.Persistence.Sqlite;

/// <summary>
/// Every schema the conversation file has had, oldest first. The file records its version in <c>PRAGMA user_version</c>;
/// <see cref="SqliteSchemaMigrator"/> runs the steps a file lacks, one transaction each, after backing the file up.
/// </summary>
/// <remarks>
/// To change the schema, append a step: <c>new(N + 1, "what it changes", "ALTER TABLE ...")</c>, and make the code
/// that reads and writes the file use it. Never edit or reorder a step that has shipped: files in the field are at its
/// version and will only ever run the steps after it. A step is plain SQL inside a transaction (ALTER TABLE ADD COLUMN,
/// CREATE TABLE, UPDATE to fill a new column, or the create-copy-drop-rename dance SQLite needs for other changes).
/// Then add a test that opens the newest committed fixture (tests/GptBot.Tests/Persistence/Fixtures) and finds its
/// conversations, and commit a fixture of the new schema for the step after yours.
/// </remarks>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<SchemaMigration> Migrations =
    [
        new(
            1,
            "conversations (one row per chat: its backend thread and last activity) and their turns in order",
            """
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
            CREATE TABLE conversations (
                id INTEGER PRIMARY KEY,
                self_id INTEGER NOT NULL,
                kind INTEGER NOT NULL,              -- 0 private, 1 group
                chat_id INTEGER NOT NULL,
                backend_state TEXT,
                last_activity INTEGER NOT NULL,     -- unix milliseconds
                UNIQUE (self_id, kind, chat_id));
            CREATE INDEX conversations_by_activity ON conversations (last_activity);
            CREATE TABLE turns (
                id INTEGER PRIMARY KEY,             -- increasing: the order of the conversation
                conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
                role INTEGER NOT NULL,              -- 0 user, 1 assistant
                text TEXT NOT NULL,
                author TEXT,
                at INTEGER NOT NULL);               -- unix milliseconds
            CREATE INDEX turns_by_conversation ON turns (conversation_id, id);
            """),
        new(
            2,
            "member contexts: a conversation row may be one member's own context in a group (scope member)",
            """
            CREATE TABLE conversations_v2 (
                id INTEGER PRIMARY KEY,
                self_id INTEGER NOT NULL,
                kind INTEGER NOT NULL,              -- 0 private, 1 group
                chat_id INTEGER NOT NULL,
                member_id INTEGER NOT NULL DEFAULT 0, -- 0 the chat's shared context, else that member's own
                backend_state TEXT,
                last_activity INTEGER NOT NULL,     -- unix milliseconds
                UNIQUE (self_id, kind, chat_id, member_id));
            INSERT INTO conversations_v2 (id, self_id, kind, chat_id, member_id, backend_state, last_activity)
                SELECT id, self_id, kind, chat_id, 0, backend_state, last_activity FROM conversations;
            DROP TABLE conversations;
            ALTER TABLE conversations_v2 RENAME TO conversations;
            CREATE INDEX conversations_by_activity ON conversations (last_activity);
            """),
        new(
            3,
            "per-chat settings (what a chat changed with /gpt_control) and the users blocked by command",
            """
            CREATE TABLE chat_settings (
                self_id INTEGER NOT NULL,
                kind INTEGER NOT NULL,              -- 0 private, 1 group
                chat_id INTEGER NOT NULL,
                enabled INTEGER,                    -- null as configured, 0 off, 1 on
                persona TEXT,                       -- a persona's name; null GPT_SYSTEM_PROMPT
                model TEXT,                         -- null GPT_MODEL
                reply_mode TEXT,                    -- stream, whole, forward, image; null GPT_REPLY_MODE
                probability REAL,                   -- null GPT_PROBABILITY
                scope TEXT,                         -- group, member; null GPT_CONTEXT_SCOPE
                updated_at INTEGER NOT NULL,        -- unix milliseconds
                PRIMARY KEY (self_id, kind, chat_id));
            CREATE TABLE blocked_users (
                user_id INTEGER PRIMARY KEY,
                blocked_at INTEGER NOT NULL);       -- unix milliseconds
            """),
        new(
            4,
            "token usage per day, chat and member, for the daily budgets and /gpt_control usage",
            """
            CREATE TABLE token_usage (
                day TEXT NOT NULL,                  -- yyyy-MM-dd in GPT_TIMEZONE
                self_id INTEGER NOT NULL,
                kind INTEGER NOT NULL,              -- 0 private, 1 group
                chat_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                input_tokens INTEGER NOT NULL,
                output_tokens INTEGER NOT NULL,
                PRIMARY KEY (day, self_id, kind, chat_id, user_id)) WITHOUT ROWID;
            """),
    ];

    /// <summary>The version a file has once every step has run.</summary>
    public static int CurrentVersion => Migrations.Count;
}
