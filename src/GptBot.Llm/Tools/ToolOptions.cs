namespace GptBot.Llm.Tools;

/// <summary>Function calling. Host maps GPT_TOOLS, GPT_TOOL_MAX_ROUNDS, GPT_TOOL_TIMEOUT and GPT_MCP_SERVERS onto these.</summary>
public sealed class ToolOptions
{
    /// <summary>GPT_TOOLS: the model may call the built-in tools and those of <see cref="McpServers"/>. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// GPT_TOOL_MAX_ROUNDS: rounds of tool calls per answer (a request whose answer calls tools, and the calls). After
    /// the last round one more request goes out without tools, so the model answers with what it has. Default 4.
    /// </summary>
    public int MaxRounds { get; set; } = 4;

    /// <summary>
    /// GPT_TOOL_TIMEOUT: time for one tool call. Default 10 s. A call also never takes more than half of GPT_TIMEOUT,
    /// so the model still has time to answer with the error it gets instead.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>GPT_MCP_SERVERS: Model Context Protocol servers whose tools are offered to the model. Default none.</summary>
    public IReadOnlyList<McpServerDefinition> McpServers { get; set; } = [];

    /// <summary>The clock of the get_current_time tool. The host sets it to the chat's GPT_TIMEZONE; it has no default of its own.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;
}

/// <summary>
/// One MCP server: a program started with <see cref="Command"/> and <see cref="Arguments"/> that speaks over its
/// standard input and output, or a server at <see cref="Url"/> (Streamable HTTP, or the older SSE transport).
/// </summary>
public sealed record McpServerDefinition(string Name)
{
    public string? Command { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Extra environment variables for a started program; it inherits the service's own as well.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public Uri? Url { get; init; }

    /// <summary>Headers sent to an HTTP server (an API key, say). Never logged.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
