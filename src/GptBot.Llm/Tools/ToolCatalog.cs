using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GptBot.Llm.Tools;

/// <summary>
/// The tools offered to the model: the built-in ones from the start, each MCP server's once it has connected. Reading
/// is lock-free (a snapshot per answer); a tool whose name is already taken is left out, so a server cannot shadow
/// a built-in tool or another server's.
/// </summary>
public sealed partial class ToolCatalog(ILogger<ToolCatalog> logger)
{
    private readonly Lock _gate = new();
    private volatile AITool[] _tools = [];

    public IReadOnlyList<AITool> Tools => _tools;

    public void Add(string source, IEnumerable<AIFunction> tools)
    {
        lock (_gate)
        {
            var list = new List<AITool>(_tools);
            foreach (var tool in tools)
            {
                if (list.OfType<AIFunction>().Any(existing => existing.Name == tool.Name))
                {
                    LogNameTaken(logger, tool.Name, source);
                    continue;
                }

                list.Add(tool);
            }

            _tools = [.. list];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {Tool} of {Source} is not offered: another tool already has that name")]
    private static partial void LogNameTaken(ILogger logger, string tool, string source);
}
