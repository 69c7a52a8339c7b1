using System.Diagnostics.Metrics;
using System.Reflection;
using GptBot.OneBot.Transport;

namespace GptBot.OneBot;

/// <summary>Why a reverse WebSocket connection was turned away, as <c>gptbot.onebot.connections_refused</c> tags it.</summary>
public enum ConnectionRefusal
{
    /// <summary>A missing or wrong ONEBOT_ACCESS_TOKEN.</summary>
    Token,

    /// <summary>A bot ONEBOT_SELF_IDS does not list.</summary>
    SelfId,

    /// <summary>A split API/Event connection of a bot whose Universal one is live, or the reverse.</summary>
    Conflict,

    /// <summary>Not a WebSocket upgrade, no X-Self-ID, an unknown role, or the service stopping.</summary>
    Other,
}

/// <summary>
/// The protocol layer's instruments on the <c>GptBot</c> meter: bots connected, frames in and out, refused connections.
/// Each frame is counted with a cached tag, so the receive and send loops allocate nothing for it.
/// </summary>
public sealed class OneBotMetrics
{
    /// <summary>The one meter every GptBot assembly records on.</summary>
    public const string MeterName = "GptBot";

    private static readonly KeyValuePair<string, object?> InTag = new("direction", "in");
    private static readonly KeyValuePair<string, object?> OutTag = new("direction", "out");
    private static readonly KeyValuePair<string, object?>[] ReasonTags =
    [
        new("reason", "token"),
        new("reason", "self_id"),
        new("reason", "conflict"),
        new("reason", "other"),
    ];

    private readonly Counter<long> _frames;
    private readonly Counter<long> _refused;

    public OneBotMetrics(IMeterFactory meterFactory, ConnectionRegistry registry)
    {
        var informational = typeof(OneBotMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var version = informational.Split('+')[0];
        var meter = meterFactory.Create(new MeterOptions(MeterName) { Version = version });
        meter.CreateObservableGauge("gptbot.onebot.bots_connected", () => registry.ConnectedSelfIds.Count, "{bot}", "Bots (QQ accounts) with at least one live connection");
        _frames = meter.CreateCounter<long>("gptbot.onebot.frames", "{frame}", "OneBot frames received and sent, by direction");
        _refused = meter.CreateCounter<long>("gptbot.onebot.connections_refused", "{connection}", "Reverse WebSocket connections turned away, by reason");
    }

    public void FrameIn() => _frames.Add(1, InTag);

    public void FrameOut() => _frames.Add(1, OutTag);

    public void Refused(ConnectionRefusal reason) => _refused.Add(1, ReasonTags[(int)reason]);
}
