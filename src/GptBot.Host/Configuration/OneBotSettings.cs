using GptBot.OneBot;

namespace GptBot.Host.Configuration;

/// <summary>NoneBot's ONEBOT_* names onto <see cref="OneBotOptions"/>.</summary>
internal static class OneBotSettings
{
    public static FlatSection<OneBotOptions> Section { get; } = new FlatSection<OneBotOptions>()
        .Add(FlatSetting.Text("ONEBOT_ACCESS_TOKEN").Secret(), o => o.AccessToken, (o, v) => o.AccessToken = v)
        .Add(FlatSetting.QqIds("ONEBOT_SELF_IDS"), o => o.SelfIds, (o, v) => o.SelfIds = v)
        .Add(FlatSetting.Seconds("ONEBOT_API_TIMEOUT", 1, 3600), o => o.ActionTimeout, (o, v) => o.ActionTimeout = v)
        .Add(FlatSetting.Int("ONEBOT_MAX_FRAME_BYTES", 64 * 1024, 1024 * 1024 * 1024), o => o.MaxFrameBytes, (o, v) => o.MaxFrameBytes = v)
        .Add(FlatSetting.WsUrls("ONEBOT_WS_URLS"), o => o.ForwardUrls, (o, v) => o.ForwardUrls = v)
        .Add(FlatSetting.Seconds("ONEBOT_RECONNECT_INTERVAL", 0.1, 3600), o => o.ReconnectInterval, (o, v) => o.ReconnectInterval = v);
}
