namespace GptBot.OneBot;

/// <summary>Settings of the OneBot layer. Host maps NoneBot's flat names (ONEBOT_ACCESS_TOKEN, ONEBOT_WS_URLS...) onto these.</summary>
public sealed class OneBotOptions
{
    /// <summary>Access token the implementation must present; empty accepts every connection. Default empty.</summary>
    public string AccessToken { get; set; } = string.Empty;

    /// <summary>
    /// The bots (QQ numbers) that may connect; empty lets any bot connect. Anyone who holds the access token can claim
    /// any X-Self-ID, so with several bots, or a token shared beyond one machine, list them. Default empty.
    /// </summary>
    public IReadOnlySet<long> SelfIds { get; set; } = new HashSet<long>();

    /// <summary>How long an action call waits for its answer. Default 30 s (NoneBot's api_timeout).</summary>
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest inbound frame kept; bigger frames are read to the end, logged and dropped. Default 16 MiB.</summary>
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Frames queued for one socket before senders wait. Default 1024.</summary>
    public int SendQueueCapacity { get; set; } = 1024;

    /// <summary>Forward-WebSocket URLs to dial (implementations that serve WS themselves). Default none.</summary>
    public IReadOnlyList<Uri> ForwardUrls { get; set; } = [];

    /// <summary>Delay before redialling a dropped forward connection. Default 3 s (NoneBot's).</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Whether <see cref="SelfIds"/> lets bot <paramref name="selfId"/> connect.</summary>
    public bool AcceptsSelfId(long selfId) => SelfIds.Count == 0 || SelfIds.Contains(selfId);
}
