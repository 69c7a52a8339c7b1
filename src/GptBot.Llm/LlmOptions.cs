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

    public LlmBackend Backend { get; set; } = LlmBackend.Api;

    /// <summary>API keys; several may be given and are used in turn when one is exhausted. Never logged.</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>The web backend's <c>__Secure-next-auth.session-token</c> cookie (GPT_SESSION_TOKEN). Never logged.</summary>
    public string? SessionToken { get; set; }

    /// <summary>Base URL including the version path, e.g. <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>.</summary>
    public Uri BaseUrl { get; set; } = new(DefaultApiBaseUrl);

    public string Model { get; set; } = DefaultApiModel;

    /// <summary>Time for one backend call that the domain does not time out itself, such as a web-session refresh (GPT_TIMEOUT). Default 20 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Where backends keep state across restarts (GPT_DATA_DIR), relative to the content root. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";
    /// <summary>Retry, circuit breaker and key rotation on the HTTP pipeline (GPT_RETRY_COUNT, GPT_CIRCUIT_BREAK_SECONDS...).</summary>
    public Resilience.LlmResilienceOptions Resilience { get; set; } = new();

    /// <summary>HTTP proxy for all LLM traffic; null means a direct connection (not the system proxy), as in the seed.</summary>
    public Uri? Proxy { get; set; }
}
