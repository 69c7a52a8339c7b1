using System.Net;
using GptBot.Chat;
using GptBot.Llm;
using GptBot.OneBot;
using GptBot.Persistence;
using Microsoft.Extensions.Configuration;
using Serilog.Events;

namespace GptBot.Host.Configuration;

/// <summary>
/// Every setting, read once at start from the flat names nonebot-plugin-gpt and NoneBot use, so an existing .env works
/// unchanged. A bad value throws <see cref="SettingsException"/> naming the setting; the service then exits non-zero.
/// </summary>
internal sealed record GptBotSettings(
    string Host,
    int Port,
    IReadOnlyList<string> Nicknames,
    string DataDirectory,
    LogEventLevel LogLevel,
    OneBotOptions OneBot,
    ChatServiceOptions Chat,
    LlmOptions Llm,
    SqliteStoreOptions? SqliteStore)
{
    /// <summary>How answers are sent: mode, limits, image rendering (issue 6).</summary>
    public ReplySettings Replies { get; init; } = new(new(), new());

    public static GptBotSettings Read(IConfiguration configuration)
    {
        var reader = new SettingsReader(configuration);
        var host = reader.String("HOST", "127.0.0.1");
        if (host != "localhost" && !IPAddress.TryParse(host, out _))
        {
            throw new SettingsException("HOST", $"must be an IP address (127.0.0.1, 0.0.0.0, ::) or localhost, got '{host}'");
        }

        var oneBot = new OneBotOptions
        {
            AccessToken = reader.String("ONEBOT_ACCESS_TOKEN", string.Empty),
            ActionTimeout = reader.Seconds("ONEBOT_API_TIMEOUT", TimeSpan.FromSeconds(30), 1, 3600),
            MaxFrameBytes = reader.Int("ONEBOT_MAX_FRAME_BYTES", 16 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
            ForwardUrls = reader.List("ONEBOT_WS_URLS", []).Select(url => ParseWsUrl(url)).ToArray(),
            ReconnectInterval = reader.Seconds("ONEBOT_RECONNECT_INTERVAL", TimeSpan.FromSeconds(3), 0.1, 3600),
        };

        var commandStart = reader.List("COMMAND_START", ["/"]);
        if (commandStart.Count == 0)
        {
            throw new SettingsException("COMMAND_START", "must list at least one prefix, e.g. [\"/\"]; [\"\"] means commands without a prefix");
        }

        var chat = new ChatServiceOptions
        {
            CommandStart = commandStart,
            Sudoers = reader.IdList("GPT_SUDOERS").ToHashSet(),
            Probability = reader.Double("GPT_PROBABILITY", 0, 0, 1),
            MinimalInterval = reader.Seconds("GPT_REQUEST_MINIMAL_INTERVAL", TimeSpan.FromSeconds(5), 0, 3600),
            Timeout = reader.Seconds("GPT_TIMEOUT", TimeSpan.FromSeconds(20), 1, 3600),
            SystemPrompt = reader.Raw("GPT_SYSTEM_PROMPT"),
            MaxHistoryTurns = reader.Int("GPT_MAX_HISTORY_TURNS", 40, 0, 100_000),
            QueueLimit = reader.Int("GPT_QUEUE_LIMIT", 5, 0, 10_000),
            MaxPromptLength = reader.Int("GPT_MAX_PROMPT_LENGTH", 4000, 1, 1_000_000),
            UserRateLimitPerMinute = reader.Int("GPT_USER_RATE_LIMIT", 10, 0, 10_000),
            ShutdownGrace = reader.Seconds("GPT_SHUTDOWN_GRACE_SECONDS", TimeSpan.FromSeconds(15), 0, 3600),
            MaxContextTokens = reader.Int("GPT_MAX_CONTEXT_TOKENS", 8000, 256, 10_000_000),
            MaxAnswerTokens = reader.Int("GPT_MAX_ANSWER_TOKENS", 1000, 0, 10_000_000),
            ContextExpiry = TimeSpan.FromMinutes(reader.Int("GPT_CONTEXT_EXPIRE_MINUTES", 0, 0, 525_600)),
        };
        if (chat.MaxAnswerTokens >= chat.MaxContextTokens)
        {
            throw new SettingsException("GPT_MAX_ANSWER_TOKENS", $"must be less than GPT_MAX_CONTEXT_TOKENS ({chat.MaxContextTokens}), got {chat.MaxAnswerTokens}");
        }

        var dataDirectory = reader.String("GPT_DATA_DIR", "./data");
        var llm = ReadLlm(reader, chat.Timeout);
        llm.RequestTimeout = chat.Timeout;
        llm.DataDirectory = dataDirectory;
        return new GptBotSettings(
            host,
            reader.Int("PORT", 8080, 0, 65535),
            reader.List("NICKNAME", []),
            dataDirectory,
            ReadLogLevel(reader),
            oneBot,
            chat,
            llm,
            ReadStore(reader, dataDirectory, chat.MaxHistoryTurns))
        {
            Replies = ReplySettings.Read(reader),
        };
    }

    /// <summary>GPT_STORE: <c>sqlite</c> (default, survives restarts) or <c>memory</c> (the seed's behaviour); null means memory.</summary>
    private static SqliteStoreOptions? ReadStore(SettingsReader reader, string dataDirectory, int maxHistoryTurns) =>
        reader.String("GPT_STORE", "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => new SqliteStoreOptions
            {
                DataDirectory = dataDirectory,
                MaxHistoryTurns = maxHistoryTurns,
                CacheIdle = TimeSpan.FromMinutes(reader.Int("GPT_STORE_CACHE_MINUTES", 30, 1, 525_600)),
            },
            "memory" => null,
            var other => throw new SettingsException("GPT_STORE", $"must be 'sqlite' (conversations kept on disk) or 'memory' (lost on restart), got '{other}'"),
        };

    /// <summary>The example value in .env.example.</summary>
    internal const string PlaceholderApiKey = "sk-your-key-here";

    private static LlmOptions ReadLlm(SettingsReader reader, TimeSpan timeout)
    {
        var backend = reader.Raw("GPT_BACKEND")?.ToLowerInvariant() switch
        {
            // A seed .env always has GPT_SESSION_TOKEN: it keeps meaning the web backend unless GPT_BACKEND says otherwise.
            null => reader.Raw("GPT_SESSION_TOKEN") is not null ? LlmBackend.Web : LlmBackend.Api,
            "api" or "openai" => LlmBackend.Api,
            "web" => LlmBackend.Web,
            var other => throw new SettingsException("GPT_BACKEND", $"must be 'api' (OpenAI-compatible) or 'web' (ChatGPT web session), got '{other}'"),
        };

        var keys = reader.List("GPT_API_KEY", []);
        if (backend == LlmBackend.Api && keys.Count == 0)
        {
            throw new SettingsException("GPT_API_KEY", "is required with GPT_BACKEND=api (for Ollama or another server that ignores it, any text will do)");
        }

        if (keys.Contains(PlaceholderApiKey))
        {
            // Started right after `cp .env.example .env`: say what to edit instead of answering every /gpt with error 401.
            throw new SettingsException("GPT_API_KEY", $"is still the placeholder '{PlaceholderApiKey}' from .env.example; put your API key in .env");
        }

        var web = backend == LlmBackend.Web;
        if (web && keys.Count == 0 && reader.Raw("GPT_SESSION_TOKEN") is null)
        {
            throw new SettingsException("GPT_SESSION_TOKEN", "is required with GPT_BACKEND=web (the __Secure-next-auth.session-token cookie of a logged-in web session)");
        }

        return new LlmOptions
        {
            Backend = backend,
            ApiKeys = keys,
            SessionToken = reader.Raw("GPT_SESSION_TOKEN"),
            BaseUrl = reader.Url("GPT_API_BASEURL", new Uri(web ? LlmOptions.DefaultWebBaseUrl : LlmOptions.DefaultApiBaseUrl), "http", "https")!,
            Model = reader.String("GPT_MODEL", web ? LlmOptions.DefaultWebModel : LlmOptions.DefaultApiModel),
            Proxy = reader.Url("GPT_PROXY", null, "http", "https", "socks5"),
            Resilience = new Llm.Resilience.LlmResilienceOptions
            {
                RetryCount = reader.Int("GPT_RETRY_COUNT", 2, 0, 10),
                CircuitBreakDuration = reader.Seconds("GPT_CIRCUIT_BREAK_SECONDS", TimeSpan.FromSeconds(30), 0, 3600),
                KeyRestDuration = reader.Seconds("GPT_API_KEY_REST_SECONDS", TimeSpan.FromMinutes(10), 1, 86_400),
                Budget = timeout,
            },
        };
    }

    private static Uri ParseWsUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
        {
            throw new SettingsException("ONEBOT_WS_URLS", $"must list ws:// or wss:// URLs, got '{url}'");
        }

        return uri;
    }

    /// <summary>NoneBot's LOG_LEVEL names (loguru's: TRACE, DEBUG, INFO, SUCCESS, WARNING, ERROR, CRITICAL).</summary>
    private static LogEventLevel ReadLogLevel(SettingsReader reader) => reader.String("LOG_LEVEL", "INFO").ToUpperInvariant() switch
    {
        "TRACE" => LogEventLevel.Verbose,
        "DEBUG" => LogEventLevel.Debug,
        "INFO" or "SUCCESS" or "INFORMATION" => LogEventLevel.Information,
        "WARNING" or "WARN" => LogEventLevel.Warning,
        "ERROR" => LogEventLevel.Error,
        "CRITICAL" or "FATAL" => LogEventLevel.Fatal,
        var other => throw new SettingsException("LOG_LEVEL", $"must be TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL, got '{other}'"),
    };
}
