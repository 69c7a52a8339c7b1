namespace GptBot.Llm.OpenAiCompatible;

/// <summary>One server-sent event of a streamed answer: the text it adds (null if none), or the end marker.</summary>
internal readonly record struct ChatChunk(string? Text, bool IsEnd)
{
    public static ChatChunk End => new(null, true);
}
