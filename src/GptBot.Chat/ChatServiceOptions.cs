using GptBot.Chat.Settings;

namespace GptBot.Chat;

/// <summary>Settings of the chat domain. Host maps the seed's flat names (GPT_SUDOERS, GPT_PROBABILITY...) onto these.</summary>
public sealed class ChatServiceOptions
{
    /// <summary>NoneBot's COMMAND_START: the prefixes a command may start with. Default <c>["/"]</c>.</summary>
    public IReadOnlyList<string> CommandStart { get; set; } = ["/"];

    /// <summary>QQ ids allowed to use /gpt_control (GPT_SUDOERS). Default none.</summary>
    public IReadOnlySet<long> Sudoers { get; set; } = new HashSet<long>();

    /// <summary>Chance (0..1) of answering an ordinary text message (GPT_PROBABILITY). Default 0.</summary>
    public double Probability { get; set; }

    /// <summary>Minimal spacing between the starts of two LLM requests, global (GPT_REQUEST_MINIMAL_INTERVAL). Default 5 s; zero turns it off.</summary>
    public TimeSpan MinimalInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest wait for a start slot under <see cref="MinimalInterval"/>; a request whose slot is further off is refused
    /// with a short text instead of queueing for hours (GPT_INTERVAL_MAX_WAIT). Default zero: no bound.
    /// </summary>
    public TimeSpan IntervalMaxWait { get; set; } = TimeSpan.Zero;

    /// <summary>Time for one whole answer, streaming included (GPT_TIMEOUT). Default 20 s. The wait before it starts is not counted.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Longest wait behind the same chat's earlier requests; a request that waited longer is told to resend instead of
    /// being answered late (GPT_QUEUE_TIMEOUT). Default zero: no limit, as the original plugin never dropped a request.
    /// </summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>System prompt sent first in every request (GPT_SYSTEM_PROMPT). Default none.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>Turns kept per conversation, oldest dropped first (GPT_MAX_HISTORY_TURNS). Default 40.</summary>
    public int MaxHistoryTurns { get; set; } = 40;

    /// <summary>Requests waiting per conversation beyond the one being answered (GPT_QUEUE_LIMIT). Default 5.</summary>
    public int QueueLimit { get; set; } = 5;

    /// <summary>Longest prompt accepted, in characters (GPT_MAX_PROMPT_LENGTH). Default 4000; a longer one is refused with a short text.</summary>
    public int MaxPromptLength { get; set; } = 4000;

    /// <summary>Requests one member may make per minute in one chat, group or private (GPT_USER_RATE_LIMIT). Default 10; zero turns it off.</summary>
    public int UserRateLimitPerMinute { get; set; } = 10;

    /// <summary>How long a stop waits for answers in flight (GPT_SHUTDOWN_GRACE_SECONDS). Default 15 s.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Tokens one request may hold: system prompt, kept turns, new prompt and the answer's reserve (GPT_MAX_CONTEXT_TOKENS). Default 8000.</summary>
    public int MaxContextTokens { get; set; } = 8000;

    /// <summary>
    /// Tokens of the window kept free for the answer, also sent to the API as the answer's token limit
    /// (GPT_MAX_ANSWER_TOKENS). Default 1000; zero reserves nothing and sends no limit.
    /// </summary>
    public int MaxAnswerTokens { get; set; } = 1000;

    /// <summary>A conversation idle this long is forgotten (GPT_CONTEXT_EXPIRE_MINUTES); zero means never. Default zero.</summary>
    public TimeSpan ContextExpiry { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// GPT_VISION: images in a /gpt message, and in the message it quotes, go to the model as image parts. Default
    /// false: images are not even fetched, and the model sees the text alone, as before.
    /// </summary>
    public bool Vision { get; set; }

    /// <summary>GPT_IMAGE_INPUT_MAX_BYTES: the largest image fetched or decoded for the model. Default 5 MB (5,242,880 bytes).</summary>
    public int ImageInputMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// GPT_TIMEZONE: the time zone the bot lives in (an IANA id such as <c>Asia/Shanghai</c>, or a Windows id such as
    /// <c>China Standard Time</c>): the clock the get_current_time tool reads, and the day other features count in.
    /// Default the machine's own zone.
    /// </summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;

    /// <summary>
    /// GPT_ALLOWED_GROUPS: the groups the bot answers in. Default empty: every group. In other groups only the
    /// sudoers' commands (/gpt and /gpt_control) are heard; everyone else is ignored without a word.
    /// </summary>
    public IReadOnlySet<long> AllowedGroups { get; set; } = new HashSet<long>();

    /// <summary>GPT_PRIVATE_CHAT: whether private chats are answered. Default true; false ignores everyone there but the sudoers.</summary>
    public bool PrivateChat { get; set; } = true;

    /// <summary>
    /// GPT_BLOCKED_USERS: users ignored in every chat, always, on top of those blocked with <c>/gpt_control block</c>.
    /// Default none. Only a change of this setting unblocks them.
    /// </summary>
    public IReadOnlySet<long> BlockedUsers { get; set; } = new HashSet<long>();

    /// <summary>GPT_MODELS: the models a chat may switch to with <c>/gpt_control model</c>. Default empty: just GPT_MODEL.</summary>
    public IReadOnlyList<string> Models { get; set; } = [];

    /// <summary>The backend's model (GPT_MODEL, owned by the LLM settings), copied here by the host: what a chat without a model of its own asks.</summary>
    public string DefaultModel { get; set; } = string.Empty;

    /// <summary>
    /// GPT_GROUP_ADMIN_CONTROL: a group's owner and admins may use status, persona, model, on/off, scope and
    /// reset_context in their own group. Default false: /gpt_control stays the sudoers' alone.
    /// </summary>
    public bool GroupAdminControl { get; set; }

    /// <summary>GPT_CONTEXT_SCOPE: whether a group shares one context (default) or keeps one per member, unless the chat chose.</summary>
    public ContextScope ContextScope { get; set; } = ContextScope.Group;

    /// <summary>The models a chat may use: <see cref="Models"/>, or the default model alone when none are listed.</summary>
    public IReadOnlyList<string> AllowedModels => Models.Count > 0 ? Models : DefaultModel.Length > 0 ? [DefaultModel] : [];

    /// <summary>
    /// The listed spelling of <paramref name="chosen"/> while <see cref="AllowedModels"/> still has it, else null: a
    /// model the operator took off GPT_MODELS is no longer asked, nor shown as the chat's, by the chats that chose it.
    /// </summary>
    public string? AllowedModel(string? chosen) =>
        chosen is null ? null : AllowedModels.FirstOrDefault(model => model.Equals(chosen, StringComparison.OrdinalIgnoreCase));
    /// GPT_DAILY_TOKENS_PER_USER: tokens one member may spend per day (in <see cref="TimeZone"/>) across every chat;
    /// once spent, their prompts get a short text and no LLM request until the next day. Default 0: unlimited.
    /// </summary>
    public int DailyTokensPerUser { get; set; }

    /// <summary>
    /// GPT_DAILY_TOKENS_PER_CHAT: tokens one chat (a group, or a private chat) may spend per day; once spent, its
    /// prompts get a short text and no LLM request until the next day. Default 0: unlimited.
    /// </summary>
    public int DailyTokensPerChat { get; set; }

    /// <summary>
    /// GPT_AT_TRIGGER: a group message addressed to the bot (@bot, a reply to the bot, a leading NICKNAME) and every
    /// private message is answered without <c>/gpt</c>, its text being the prompt. Default false: only <c>/gpt</c>.
    /// </summary>
    public bool AtTrigger { get; set; }

    /// <summary>
    /// GPT_SPEAKER_PREFIX: in groups each user turn reaches the model as <c>name: text</c>, so it can tell members
    /// apart. Default true; false sends the bare text, as the original plugin did.
    /// </summary>
    public bool SpeakerPrefix { get; set; } = true;

    /// <summary>
    /// GPT_SHOW_REASONING: reasoning models' thoughts (<c>reasoning_content</c>, a leading <c>&lt;think&gt;</c> block)
    /// are shown in the chat before the answer. Default false: they never reach the chat or the history.
    /// </summary>
    public bool ShowReasoning { get; set; }
}
