namespace GptBot.Persistence;

/// <summary>Which store keeps the conversations (GPT_STORE).</summary>
public enum StoreKind
{
    /// <summary>A SQLite file under the data directory: conversations survive restarts.</summary>
    Sqlite,

    /// <summary>Memory only, as the seed: fast, and gone on restart.</summary>
    Memory,
}
