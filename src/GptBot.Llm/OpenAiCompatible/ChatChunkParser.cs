using System.Text.Json;
using GptBot.Chat.Ports;
using Microsoft.Extensions.AI;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// Reads one <c>data:</c> payload of a Chat Completions stream without building a DOM. Of the first choice it reads
/// <c>delta.content</c>, a reasoning model's thoughts (<c>delta.reasoning_content</c>, as DeepSeek and vLLM send them,
/// or <c>delta.reasoning</c>, as Ollama and OpenRouter do), <c>delta.tool_calls</c> and <c>finish_reason</c>; of the
/// chunk, <c>usage</c>. Role-only deltas and every other field are skipped; <c>[DONE]</c> ends the answer; an
/// <c>error</c> object fails it.
/// </summary>
internal static class ChatChunkParser
{
    /// <summary>Matches <see cref="System.Net.ServerSentEvents.SseItemParser{T}"/>; the event type is not used by the protocol.</summary>
    public static ChatChunk Parse(string eventType, ReadOnlySpan<byte> data) => Parse(data);

    public static ChatChunk Parse(ReadOnlySpan<byte> data)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty)
        {
            return default;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return ChatChunk.End;
        }

        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a stream chunk is not a JSON object");
        }

        var choice = default(Choice);
        UsageDetails? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                choice = ReadFirstChoice(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    throw InStreamError(ref reader);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ChatChunk(choice.Text, false) { Reasoning = choice.Reasoning, ToolCalls = choice.ToolCalls, FinishReason = choice.FinishReason, Usage = usage };
    }

    private record struct Choice(string? Text, string? Reasoning, List<ToolCallDelta>? ToolCalls, string? FinishReason);

    private static Choice ReadFirstChoice(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return default;
        }

        var choice = default(Choice);
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                choice = ReadChoice(ref reader);
            }
            else
            {
                reader.Skip();
            }

            first = false;
        }

        return choice;
    }

    private static Choice ReadChoice(ref Utf8JsonReader reader)
    {
        var choice = default(Choice);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                ReadDelta(ref reader, ref choice);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                choice.FinishReason = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return choice;
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ref Choice choice)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                choice.Text = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                choice.Reasoning = ReadString(ref reader) ?? choice.Reasoning;
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                choice.ToolCalls = ReadToolCalls(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary><c>[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a"}}]</c>, any field may be absent.</summary>
    private static List<ToolCallDelta>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var calls = new List<ToolCallDelta>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            int index = calls.Count;
            string? id = null, name = null, arguments = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : index;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    (name, arguments) = ReadFunction(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            calls.Add(new ToolCallDelta(index, id, name, arguments));
        }

        return calls;
    }

    private static (string? Name, string? Arguments) ReadFunction(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        string? name = null, arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();

                // Some servers send the arguments as an object rather than as the JSON text of one.
                arguments = reader.TokenType == JsonTokenType.StartObject ? ReadRaw(ref reader) : ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (name, arguments);
    }

    /// <summary><c>{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}</c>; null (or absent) in the chunks before the last.</summary>
    private static UsageDetails? ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var usage = new UsageDetails();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                usage.InputTokenCount = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                usage.OutputTokenCount = ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                reader.Read();
                usage.TotalTokenCount = ReadInt64(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return usage;
    }

    private static long? ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static string ReadRaw(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    /// <summary>Some providers report a failure mid-stream (after the 200) as <c>{"error":{...}}</c>.</summary>
    private static ChatBackendException InStreamError(ref Utf8JsonReader reader)
    {
        using var error = JsonDocument.ParseValue(ref reader);
        var raw = error.RootElement.GetRawText();
        var kind = ChatErrorTranslator.SaysContextTooLong(raw) ? ChatFailureKind.ContextTooLong : ChatFailureKind.ProviderError;
        return new ChatBackendException(new ChatFailure(kind, "the LLM reported an error in the answer stream: " + ChatErrorTranslator.Truncate(raw, 300))
        {
            ProviderCode = ProviderErrorCode.Of(error.RootElement),
        });
    }
}
