using System.Text.Json;

namespace GptBot.Testing;

/// <summary>
/// The stdio MCP server of tests/GptBot.McpTestServer (tools <c>reverse_text</c>, <c>always_fails</c>,
/// <c>never_answers</c>), as a GPT_MCP_SERVERS entry that starts it with <c>dotnet</c>. A test project that uses it
/// references that project (without its assembly), so it is built first.
/// </summary>
public static class McpTestServer
{
#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    public static string Assembly => Path.Combine(GptBotProcess.RepositoryRoot(), "tests", "GptBot.McpTestServer", "bin", BuildConfiguration, "net10.0", "GptBot.McpTestServer.dll");

    /// <summary>The GPT_MCP_SERVERS value that starts the test server under <paramref name="name"/>.</summary>
    public static string SettingValue(string name = "testtools") =>
        JsonSerializer.Serialize(new[] { new { name, command = "dotnet", args = new[] { Assembly } } });
}
