namespace GptBot.Llm;

public enum LlmBackend
{
    /// <summary>OpenAI Chat Completions or any compatible server (DeepSeek, Qwen, Ollama, vLLM...).</summary>
    Api,

    /// <summary>The seed's ChatGPT web-session protocol, for reverse proxies that still speak it.</summary>
    Web,
}

/// <summary>LLM settings. Host maps GPT_BACKEND, GPT_API_KEY, GPT_API_BASEURL, GPT_MODEL, GPT_PROXY onto these.</summary>
public sealed class LlmOptions
{
    public const string DefaultApiBaseUrl = "https://api.openai.com/v1";
    public const string DefaultApiModel = "gpt-4o-mini";
    public const string DefaultWebBaseUrl = "https://chat.openai.com";
    public const string DefaultWebModel = "text-davinci-002-render-sha";

    private LlmBackend? _backend;
    private Uri? _baseUrl;
    private string? _model;

    /// <summary>
    /// GPT_BACKEND. Default <see cref="LlmBackend.Api"/>, or <see cref="LlmBackend.Web"/> when a <see cref="SessionToken"/>
    /// is given: a seed .env always has one, and it keeps meaning the web backend.
    /// </summary>
    public LlmBackend Backend
    {
        get => _backend ?? (SessionToken is null ? LlmBackend.Api : LlmBackend.Web);
        set => _backend = value;
    }

    /// <summary>API keys; several may be given and are used in turn when one is exhausted. Never logged.</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>The web backend's <c>__Secure-next-auth.session-token</c> cookie (GPT_SESSION_TOKEN). Never logged.</summary>
    public string? SessionToken { get; set; }

    /// <summary>
    /// GPT_API_BASEURL: base URL including the version path, e.g. <c>https://api.openai.com/v1</c> or
    /// <c>http://localhost:11434/v1</c>. Default <see cref="DefaultApiBaseUrl"/>, or <see cref="DefaultWebBaseUrl"/> for the web backend.
    /// </summary>
    public Uri BaseUrl
    {
        get => _baseUrl ?? new(Backend == LlmBackend.Web ? DefaultWebBaseUrl : DefaultApiBaseUrl);
        set => _baseUrl = value;
    }

    /// <summary>GPT_MODEL. Default <see cref="DefaultApiModel"/>, or <see cref="DefaultWebModel"/> for the web backend.</summary>
    public string Model
    {
        get => _model ?? (Backend == LlmBackend.Web ? DefaultWebModel : DefaultApiModel);
        set => _model = value;
    }

    /// <summary>
    /// Time for one backend call that the domain does not time out itself, such as a web-session refresh. The host sets
    /// it to the chat's GPT_TIMEOUT; it has no default of its own (unbounded).
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Where backends keep state across restarts, relative to the content root. The host sets it to GPT_DATA_DIR; it has
    /// no default of its own (empty: the content root).
    /// </summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>Retry, circuit breaker and key rotation on the HTTP pipeline (GPT_RETRY_COUNT, GPT_CIRCUIT_BREAK_SECONDS...).</summary>
    public Resilience.LlmResilienceOptions Resilience { get; set; } = new();

    /// <summary>HTTP proxy for all LLM traffic; null means a direct connection (not the system proxy), as in the seed.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>GPT_TEMPERATURE: sampling temperature sent with every request. Default none: not sent, the provider's default applies.</summary>
    public float? Temperature { get; set; }

    /// <summary>GPT_TOP_P: nucleus sampling sent with every request. Default none: not sent, the provider's default applies.</summary>
    public float? TopP { get; set; }

    /// <summary>Function calling and MCP servers (GPT_TOOLS, GPT_TOOL_MAX_ROUNDS, GPT_TOOL_TIMEOUT, GPT_MCP_SERVERS).</summary>
    public Tools.ToolOptions Tools { get; set; } = new();
}
