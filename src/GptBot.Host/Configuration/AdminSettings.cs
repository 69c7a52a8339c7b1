namespace GptBot.Host.Configuration;

/// <summary>
/// GPT_ADMIN_TOKEN, GPT_METRICS, GPT_ADMIN_ALLOW_HTTP and GPT_ADMIN_FORWARDED_HEADERS onto <see cref="AdminOptions"/>.
/// </summary>
internal static class AdminSettings
{
    public static FlatSection<AdminOptions> Section { get; } = new FlatSection<AdminOptions>()
        .Add(FlatSetting.Text("GPT_ADMIN_TOKEN").Secret(), o => o.Token, (o, v) => o.Token = v)
        .Add(FlatSetting.Bool("GPT_METRICS"), o => o.Metrics, (o, v) => o.Metrics = v)
        .Add(FlatSetting.Bool("GPT_ADMIN_ALLOW_HTTP"), o => o.AllowHttp, (o, v) => o.AllowHttp = v)
        .Add(FlatSetting.Bool("GPT_ADMIN_FORWARDED_HEADERS"), o => o.ForwardedHeaders, (o, v) => o.ForwardedHeaders = v)
        // The value is never shown: it is a secret, short or not.
        .Rule("GPT_ADMIN_TOKEN", o => o.Token.Length is > 0 and < AdminOptions.MinimumTokenLength
            ? $"must be at least {AdminOptions.MinimumTokenLength} characters (a long random text, e.g. from `openssl rand -hex 24`), got {o.Token.Length}"
            : null);
}
