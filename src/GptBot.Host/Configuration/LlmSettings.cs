using GptBot.Llm;

namespace GptBot.Host.Configuration;

/// <summary>The backend settings (GPT_BACKEND, GPT_API_KEY, GPT_API_BASEURL, GPT_RETRY_COUNT...) onto <see cref="LlmOptions"/>.</summary>
internal static class LlmSettings
{
    /// <summary>The example value in .env.example.</summary>
    internal const string PlaceholderApiKey = "sk-your-key-here";

    private static readonly Dictionary<string, LlmBackend> Backends = new(StringComparer.OrdinalIgnoreCase)
    {
        ["api"] = LlmBackend.Api,
        ["openai"] = LlmBackend.Api,
        ["web"] = LlmBackend.Web,
    };

    public static FlatSection<LlmOptions> Section { get; } = new FlatSection<LlmOptions>()
        .Add(FlatSetting.Choice("GPT_BACKEND", "must be 'api' (OpenAI-compatible) or 'web' (ChatGPT web session)", Backends), o => o.Backend, (o, v) => o.Backend = v)
        .Add(FlatSetting.List("GPT_API_KEY").Secret(), o => o.ApiKeys, (o, v) => o.ApiKeys = v)
        .Add(FlatSetting.Text("GPT_SESSION_TOKEN").Secret(), o => o.SessionToken, (o, v) => o.SessionToken = v)
        .Add(FlatSetting.Url("GPT_API_BASEURL", "http", "https"), o => o.BaseUrl, (o, v) => o.BaseUrl = v)
        .Add(FlatSetting.Text("GPT_MODEL"), o => o.Model, (o, v) => o.Model = v)
        .Add(FlatSetting.Url("GPT_PROXY", "http", "https", "socks5"), o => o.Proxy, (o, v) => o.Proxy = v)
        .Add(FlatSetting.Int("GPT_RETRY_COUNT", 0, 10), o => o.Resilience.RetryCount, (o, v) => o.Resilience.RetryCount = v)
        .Add(FlatSetting.Seconds("GPT_CIRCUIT_BREAK_SECONDS", 0, 3600), o => o.Resilience.CircuitBreakDuration, (o, v) => o.Resilience.CircuitBreakDuration = v)
        .Add(FlatSetting.Seconds("GPT_API_KEY_REST_SECONDS", 1, 86_400), o => o.Resilience.KeyRestDuration, (o, v) => o.Resilience.KeyRestDuration = v)
        .Add(FlatSetting.Number("GPT_TEMPERATURE", 0, 2).Select<float?>(v => (float)v, v => v ?? 0), o => o.Temperature, (o, v) => o.Temperature = v)
        .Add(FlatSetting.Number("GPT_TOP_P", 0, 1).Select<float?>(v => (float)v, v => v ?? 0), o => o.TopP, (o, v) => o.TopP = v)
        .Add(FlatSetting.Bool("GPT_TOOLS"), o => o.Tools.Enabled, (o, v) => o.Tools.Enabled = v)
        .Add(FlatSetting.Int("GPT_TOOL_MAX_ROUNDS", 1, 20), o => o.Tools.MaxRounds, (o, v) => o.Tools.MaxRounds = v)
        .Add(FlatSetting.Seconds("GPT_TOOL_TIMEOUT", 1, 600), o => o.Tools.CallTimeout, (o, v) => o.Tools.CallTimeout = v)
        .Add(McpServerSetting.Setting("GPT_MCP_SERVERS"), o => o.Tools.McpServers, (o, v) => o.Tools.McpServers = v)
        .Rule("GPT_TOOLS", o => !o.Tools.Enabled || o.Backend == LlmBackend.Api
            ? null
            : "needs GPT_BACKEND=api: the web backend cannot call tools",
            "GPT_BACKEND")
        .Rule("GPT_API_KEY", o => o.Backend != LlmBackend.Api || o.ApiKeys.Count > 0
            ? null
            : "is required with GPT_BACKEND=api (for Ollama or another server that ignores it, any text will do)",
            "GPT_BACKEND")
        // Started right after `cp .env.example .env`: say what to edit instead of answering every /gpt with error 401.
        .Rule("GPT_API_KEY", o => !o.ApiKeys.Contains(PlaceholderApiKey)
            ? null
            : $"is still the placeholder '{PlaceholderApiKey}' from .env.example; put your API key in .env")
        .Rule("GPT_SESSION_TOKEN", o => o.Backend != LlmBackend.Web || o.ApiKeys.Count > 0 || o.SessionToken is not null
            ? null
            : "is required with GPT_BACKEND=web (the __Secure-next-auth.session-token cookie of a logged-in web session)",
            "GPT_BACKEND", "GPT_API_KEY");
}
