namespace GptBot.Host.Configuration;

/// <summary>GPT_ADMIN_TOKEN and GPT_METRICS onto <see cref="AdminOptions"/>.</summary>
internal static class AdminSettings
{
    public static FlatSection<AdminOptions> Section { get; } = new FlatSection<AdminOptions>()
        .Add(FlatSetting.Text("GPT_ADMIN_TOKEN").Secret(), o => o.Token, (o, v) => o.Token = v)
        .Add(FlatSetting.Bool("GPT_METRICS"), o => o.Metrics, (o, v) => o.Metrics = v);
}
