using System.Text.Json;
using GptBot.Llm.Tools;

namespace GptBot.Host.Configuration;

/// <summary>
/// GPT_MCP_SERVERS: a JSON list of MCP servers, each a program to start or a URL, e.g.
/// <c>[{"name":"fetch","command":"uvx","args":["mcp-server-fetch"]},{"name":"search","url":"http://127.0.0.1:8000/mcp"}]</c>.
/// A program may get <c>env</c> (extra environment variables), a URL <c>headers</c>; both are objects of strings.
/// </summary>
internal static class McpServerSetting
{
    private const string Expected = "must be a JSON list of servers such as [{\"name\":\"fetch\",\"command\":\"uvx\",\"args\":[\"mcp-server-fetch\"]}] or [{\"name\":\"search\",\"url\":\"http://127.0.0.1:8000/mcp\"}]";

    public static FlatSetting<IReadOnlyList<McpServerDefinition>> Setting(string key) => new(
        key,
        Parse,
        (_, _) => null,
        value => value is null || value.Count == 0 ? string.Empty : string.Join(", ", value.Select(server => server.Name)));

    private static (IReadOnlyList<McpServerDefinition>, string?) Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                // Not shown: it may hold a server's headers or env, secrets the redactor finds only in a list.
                return ([], $"{Expected}, got a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            var servers = new List<McpServerDefinition>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var (server, problem) = ParseServer(item, servers.Count);
                if (problem is not null)
                {
                    return ([], problem);
                }

                if (servers.Exists(other => other.Name == server!.Name))
                {
                    return ([], $"lists two servers named '{server!.Name}'; give each its own \"name\"");
                }

                servers.Add(server!);
            }

            return (servers, null);
        }
        catch (JsonException)
        {
            return ([], $"{Expected}; the text is not valid JSON");
        }
    }

    private static (McpServerDefinition?, string?) ParseServer(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return (null, $"{Expected}; item {index + 1} is not an object");
        }

        var command = Text(item, "command");
        var url = Text(item, "url");
        if ((command is null) == (url is null))
        {
            return (null, $"item {index + 1} must have either \"command\" (a program to start) or \"url\" (an http(s) server), not both or neither");
        }

        Uri? endpoint = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            return (null, $"item {index + 1}: \"url\" must be an absolute http or https URL, got '{url}'");
        }

        var name = Text(item, "name") ?? (endpoint is not null ? endpoint.Host : Path.GetFileNameWithoutExtension(command!));
        var args = item.TryGetProperty("args", out var argsElement) && argsElement.ValueKind == JsonValueKind.Array
            ? argsElement.EnumerateArray().Select(arg => arg.ValueKind == JsonValueKind.String ? arg.GetString()! : arg.GetRawText()).ToArray()
            : [];
        return (new McpServerDefinition(name)
        {
            Command = command,
            Arguments = args,
            Url = endpoint,
            Environment = Strings(item, "env"),
            Headers = Strings(item, "headers"),
        }, null);
    }

    private static string? Text(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static Dictionary<string, string> Strings(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().ToDictionary(pair => pair.Name, pair => pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()! : pair.Value.GetRawText())
            : [];
}
