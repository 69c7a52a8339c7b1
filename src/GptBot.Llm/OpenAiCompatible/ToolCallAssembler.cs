using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// Puts together the tool calls of one streamed answer: the model names a call once and writes its JSON arguments over
/// several chunks, keyed by the call's index. Only an answer that calls tools ever creates one.
/// </summary>
internal sealed class ToolCallAssembler
{
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _calls = [];

    public bool IsEmpty => _calls.Count == 0;

    public void Add(List<ToolCallDelta> deltas)
    {
        foreach (var delta in deltas)
        {
            if (!_calls.TryGetValue(delta.Index, out var call))
            {
                call = (null, null, new StringBuilder());
            }

            call.Id ??= delta.Id;
            call.Name ??= delta.Name;
            call.Arguments.Append(delta.Arguments);
            _calls[delta.Index] = call;
        }
    }

    /// <summary>
    /// The calls so far as <see cref="FunctionCallContent"/>s, and forgets them. Arguments that are not a JSON object
    /// give a call whose <see cref="FunctionCallContent.Exception"/> says so; the invoker answers the model with an error.
    /// </summary>
    public List<AIContent> Take()
    {
        var contents = new List<AIContent>(_calls.Count);
        foreach (var (index, call) in _calls)
        {
            var arguments = call.Arguments.Length == 0 ? "{}" : call.Arguments.ToString();
            contents.Add(FunctionCallContent.CreateFromParsedArguments(
                arguments,
                call.Id ?? "call_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                call.Name ?? string.Empty,
                static json => JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions)));
        }

        _calls.Clear();
        return contents;
    }
}
