using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// Speaks MCP on standard input/output. Its tools: a reversal the model cannot do in its head (proof the call happened),
// one that always fails, and one that never answers.
var options = new McpServerOptions
{
    ServerInfo = new Implementation { Name = "gptbot-test-tools", Version = "1.0.0" },
    ToolCollection =
    [
        McpServerTool.Create(TestTools.Reverse, new McpServerToolCreateOptions { Name = "reverse_text" }),
        McpServerTool.Create(TestTools.Fail, new McpServerToolCreateOptions { Name = "always_fails" }),
        McpServerTool.Create(TestTools.HangAsync, new McpServerToolCreateOptions { Name = "never_answers" }),
    ],
};

await using var server = McpServer.Create(new StdioServerTransport("gptbot-test-tools"), options);
await server.RunAsync();

internal static class TestTools
{
    [Description("Reverses the given text.")]
    public static string Reverse([Description("The text to reverse.")] string text) => new([.. text.Reverse()]);

    [Description("A tool whose backend is down.")]
    public static string Fail() => throw new InvalidOperationException("the backend of always_fails is down");

    [Description("A tool whose backend hangs.")]
    public static async Task<string> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return "unreachable";
    }
}
