using System.Text.Json;
using GptBot.Chat.Ports;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// Reads one <c>data:</c> payload of a Chat Completions stream without building a DOM: only
/// <c>choices[0].delta.content</c> matters. Role-only deltas, reasoning_content, usage chunks (empty choices) and
/// every other field are skipped; <c>[DONE]</c> ends the answer; an <c>error</c> object fails it.
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

        string? text = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                text = ReadFirstChoiceContent(ref reader);
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

        return new ChatChunk(text, false);
    }

    private static string? ReadFirstChoiceContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        string? text = null;
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                text = ReadProperty(ref reader, "delta"u8, static (ref Utf8JsonReader delta) => ReadProperty(ref delta, "content"u8, ReadString));
            }
            else
            {
                reader.Skip();
            }

            first = false;
        }

        return text;
    }

    private delegate string? ValueReader(ref Utf8JsonReader reader);

    /// <summary>Reads the object the reader is on to its end, handing the value of <paramref name="name"/> to <paramref name="read"/>.</summary>
    private static string? ReadProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ValueReader read)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var wanted = reader.ValueTextEquals(name);
            reader.Read();
            if (wanted)
            {
                value = read(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
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
