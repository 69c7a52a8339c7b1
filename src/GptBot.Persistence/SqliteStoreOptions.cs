namespace GptBot.Persistence;

/// <summary>Settings of the SQLite store. Host maps GPT_DATA_DIR, GPT_MAX_HISTORY_TURNS and GPT_STORE_CACHE_MINUTES onto these.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Folder of <c>gptbot.db</c> (GPT_DATA_DIR), created if missing. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Turns kept per conversation on disk and in memory (GPT_MAX_HISTORY_TURNS); zero keeps all. Default 40.</summary>
    public int MaxHistoryTurns { get; set; } = 40;

    /// <summary>A conversation unused this long leaves memory (it stays on disk and is read back on its next message). Default 30 minutes.</summary>
    public TimeSpan CacheIdle { get; set; } = TimeSpan.FromMinutes(30);
}
