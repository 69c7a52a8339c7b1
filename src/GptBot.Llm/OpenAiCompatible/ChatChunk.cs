using Microsoft.Extensions.AI;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// One server-sent event of a streamed answer: the text it adds (null if none), or the end marker; rarer fields (tool
/// call pieces, the finish reason, the usage) are null unless the chunk carries them.
/// </summary>
internal readonly record struct ChatChunk(string? Text, bool IsEnd)
{
    public static ChatChunk End => new(null, true);

    /// <summary>A piece of a reasoning model's thoughts (<c>reasoning_content</c>), apart from the answer's text.</summary>
    public string? Reasoning { get; init; }

    /// <summary>Pieces of tool calls: the model writes a call's id and name once and its arguments over several chunks.</summary>
    public List<ToolCallDelta>? ToolCalls { get; init; }

    /// <summary>Why the model stopped (<c>stop</c>, <c>length</c>, <c>tool_calls</c>...), on the last chunk of a choice.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The tokens the request and the answer took, from the last chunk when <c>include_usage</c> was asked for.</summary>
    public UsageDetails? Usage { get; init; }
}

/// <summary>One piece of the tool call at <see cref="Index"/>; each field is null when this piece does not carry it.</summary>
internal readonly record struct ToolCallDelta(int Index, string? Id, string? Name, string? Arguments);
