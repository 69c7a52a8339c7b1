using GptBot.Chat;
using GptBot.Chat.Settings;

namespace GptBot.Host.Configuration;

/// <summary>The seed's chat settings (COMMAND_START, GPT_SUDOERS, GPT_TIMEOUT...) onto <see cref="ChatServiceOptions"/>.</summary>
internal static class ChatSettings
{
    private static readonly Dictionary<string, ContextScope> Scopes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["group"] = ContextScope.Group,
        ["member"] = ContextScope.Member,
    };

    public static FlatSection<ChatServiceOptions> Section { get; } = new FlatSection<ChatServiceOptions>()
        .Add(FlatSetting.List("COMMAND_START"), o => o.CommandStart, (o, v) => o.CommandStart = v)
        .Add(FlatSetting.QqIds("GPT_SUDOERS"), o => o.Sudoers, (o, v) => o.Sudoers = v)
        .Add(FlatSetting.Number("GPT_PROBABILITY", 0, 1), o => o.Probability, (o, v) => o.Probability = v)
        .Add(FlatSetting.Seconds("GPT_REQUEST_MINIMAL_INTERVAL", 0, 3600), o => o.MinimalInterval, (o, v) => o.MinimalInterval = v)
        .Add(FlatSetting.Seconds("GPT_INTERVAL_MAX_WAIT", 0, 86_400), o => o.IntervalMaxWait, (o, v) => o.IntervalMaxWait = v)
        .Add(FlatSetting.Seconds("GPT_TIMEOUT", 1, 3600), o => o.Timeout, (o, v) => o.Timeout = v)
        .Add(FlatSetting.Seconds("GPT_QUEUE_TIMEOUT", 0, 86_400), o => o.QueueTimeout, (o, v) => o.QueueTimeout = v)
        .Add(FlatSetting.Text("GPT_SYSTEM_PROMPT"), o => o.SystemPrompt, (o, v) => o.SystemPrompt = v)
        .Add(FlatSetting.Int("GPT_MAX_HISTORY_TURNS", 0, 100_000), o => o.MaxHistoryTurns, (o, v) => o.MaxHistoryTurns = v)
        .Add(FlatSetting.Int("GPT_QUEUE_LIMIT", 0, 10_000), o => o.QueueLimit, (o, v) => o.QueueLimit = v)
        .Add(FlatSetting.Int("GPT_MAX_PROMPT_LENGTH", 1, 1_000_000), o => o.MaxPromptLength, (o, v) => o.MaxPromptLength = v)
        .Add(FlatSetting.Int("GPT_USER_RATE_LIMIT", 0, 10_000), o => o.UserRateLimitPerMinute, (o, v) => o.UserRateLimitPerMinute = v)
        .Add(FlatSetting.Seconds("GPT_SHUTDOWN_GRACE_SECONDS", 0, 3600), o => o.ShutdownGrace, (o, v) => o.ShutdownGrace = v)
        .Add(FlatSetting.Int("GPT_MAX_CONTEXT_TOKENS", 256, 10_000_000), o => o.MaxContextTokens, (o, v) => o.MaxContextTokens = v)
        .Add(FlatSetting.Int("GPT_MAX_ANSWER_TOKENS", 0, 10_000_000), o => o.MaxAnswerTokens, (o, v) => o.MaxAnswerTokens = v)
        .Add(FlatSetting.Minutes("GPT_CONTEXT_EXPIRE_MINUTES", 0, 525_600), o => o.ContextExpiry, (o, v) => o.ContextExpiry = v)
        .Add(FlatSetting.Bool("GPT_VISION"), o => o.Vision, (o, v) => o.Vision = v)
        .Add(FlatSetting.Int("GPT_IMAGE_INPUT_MAX_BYTES", 1024, 100 * 1024 * 1024), o => o.ImageInputMaxBytes, (o, v) => o.ImageInputMaxBytes = v)
        .Add(TimeZones.Setting("GPT_TIMEZONE"), o => o.TimeZone, (o, v) => o.TimeZone = v)
        .Add(FlatSetting.QqIds("GPT_ALLOWED_GROUPS"), o => o.AllowedGroups, (o, v) => o.AllowedGroups = v)
        .Add(FlatSetting.Bool("GPT_PRIVATE_CHAT"), o => o.PrivateChat, (o, v) => o.PrivateChat = v)
        .Add(FlatSetting.QqIds("GPT_BLOCKED_USERS"), o => o.BlockedUsers, (o, v) => o.BlockedUsers = v)
        .Add(FlatSetting.List("GPT_MODELS"), o => o.Models, (o, v) => o.Models = v)
        .Add(FlatSetting.Bool("GPT_GROUP_ADMIN_CONTROL"), o => o.GroupAdminControl, (o, v) => o.GroupAdminControl = v)
        .Add(FlatSetting.Choice("GPT_CONTEXT_SCOPE", "must be 'group' (one context per group) or 'member' (one per member of a group)", Scopes), o => o.ContextScope, (o, v) => o.ContextScope = v)
        .Add(FlatSetting.Int("GPT_DAILY_TOKENS_PER_USER", 0, int.MaxValue), o => o.DailyTokensPerUser, (o, v) => o.DailyTokensPerUser = v)
        .Add(FlatSetting.Int("GPT_DAILY_TOKENS_PER_CHAT", 0, int.MaxValue), o => o.DailyTokensPerChat, (o, v) => o.DailyTokensPerChat = v)
        .Add(FlatSetting.Bool("GPT_AT_TRIGGER"), o => o.AtTrigger, (o, v) => o.AtTrigger = v)
        .Add(FlatSetting.Bool("GPT_SPEAKER_PREFIX"), o => o.SpeakerPrefix, (o, v) => o.SpeakerPrefix = v)
        .Add(FlatSetting.Bool("GPT_SHOW_REASONING"), o => o.ShowReasoning, (o, v) => o.ShowReasoning = v)
        // KEY= means the default, but an explicit empty list would leave /gpt unreachable.
        .Rule("COMMAND_START", o => o.CommandStart.Count > 0
            ? null
            : "must list at least one prefix, e.g. [\"/\"]; [\"\"] means commands without a prefix")
        .Rule("GPT_MODELS", o => o.Models.FirstOrDefault(model => model.Trim().Length == 0 || model.Trim() != model || model.Contains(' ', StringComparison.Ordinal)) is { } bad
            ? $"must list model names without spaces, such as [\"gpt-4o-mini\", \"deepseek-chat\"] or gpt-4o-mini,deepseek-chat; got '{bad}'"
            : null)
        .Rule("GPT_MAX_ANSWER_TOKENS", o => o.MaxAnswerTokens < o.MaxContextTokens
            ? null
            : $"must be less than GPT_MAX_CONTEXT_TOKENS ({o.MaxContextTokens}), got {o.MaxAnswerTokens}",
            "GPT_MAX_CONTEXT_TOKENS");
}
