using GptBot.Persistence;

namespace GptBot.Host.Configuration;

/// <summary>GPT_STORE, GPT_DATA_DIR and GPT_STORE_CACHE_MINUTES onto <see cref="StoreOptions"/>.</summary>
internal static class StoreSettings
{
    private static readonly Dictionary<string, StoreKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sqlite"] = StoreKind.Sqlite,
        ["memory"] = StoreKind.Memory,
    };

    public static FlatSection<StoreOptions> Section { get; } = new FlatSection<StoreOptions>()
        .Add(FlatSetting.Choice("GPT_STORE", "must be 'sqlite' (conversations kept on disk) or 'memory' (lost on restart)", Kinds), o => o.Kind, (o, v) => o.Kind = v)
        .Add(FlatSetting.Text("GPT_DATA_DIR"), o => o.DataDirectory, (o, v) => o.DataDirectory = v)
        .Add(FlatSetting.Minutes("GPT_STORE_CACHE_MINUTES", 1, 525_600), o => o.CacheIdle, (o, v) => o.CacheIdle = v);
}
