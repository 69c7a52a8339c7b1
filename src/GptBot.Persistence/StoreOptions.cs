namespace GptBot.Persistence;

/// <summary>Where durable data lives and how conversations are kept (GPT_STORE, GPT_DATA_DIR, GPT_STORE_CACHE_MINUTES).</summary>
public sealed class StoreOptions
{
    /// <summary>GPT_STORE: which store keeps the conversations. Default <see cref="StoreKind.Sqlite"/>.</summary>
    public StoreKind Kind { get; set; } = StoreKind.Sqlite;

    /// <summary>
    /// GPT_DATA_DIR: folder of durable data (<c>gptbot.db</c>, the web session), created if missing. Default <c>./data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>
    /// GPT_STORE_CACHE_MINUTES: a conversation unused this long leaves memory (it stays on disk and is read back on its
    /// next message). Default 30 minutes.
    /// </summary>
    public TimeSpan CacheIdle { get; set; } = TimeSpan.FromMinutes(30);
}
