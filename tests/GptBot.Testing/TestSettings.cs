namespace GptBot.Testing;

/// <summary>
/// The settings a GptBot under test starts from, in-process or as its own process: the fake LLM, no minimal interval
/// between requests, a short timeout, warnings only. Each test adds or overrides what it checks.
/// </summary>
public static class TestSettings
{
    public static Dictionary<string, string?> For(string llmBaseUrl) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["HOST"] = "127.0.0.1",
        ["GPT_API_KEY"] = "sk-test",
        ["GPT_API_BASEURL"] = llmBaseUrl,
        ["GPT_MODEL"] = "fake-model",
        ["GPT_REQUEST_MINIMAL_INTERVAL"] = "0",
        ["GPT_TIMEOUT"] = "10",
        ["LOG_LEVEL"] = "WARNING",
    };
}
