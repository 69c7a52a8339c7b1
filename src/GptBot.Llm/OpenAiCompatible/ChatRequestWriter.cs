using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// Writes the Chat Completions request body: model, stream (asking for the usage in the stream), the answer's token
/// limit when there is one (in the field the model takes, <see cref="AnswerTokenLimit"/>), the sampling and tool
/// fields of <see cref="ChatOptions"/> that are set, and the messages: plain text as a string, images as content
/// parts, tool calls and tool results as the API's <c>tool_calls</c> and <c>tool</c> messages. Nothing else of a
/// <see cref="ChatMessage"/> goes out: its AdditionalProperties are GptBot's own bookkeeping (e.g. the plain text of a
/// user turn for the web backend), not wire fields.
/// </summary>
internal static partial class ChatRequestWriter
{
    // Relaxed escaping keeps Chinese text as UTF-8 instead of six-byte \uXXXX escapes; the body is never HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private const int MaxRetainedBuffer = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static byte[] Write(string model, IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        // The writer asks for worst-case room for every string, so a fresh buffer would grow several times per
        // request; one reused per thread (this method never awaits) leaves a single exact-size copy.
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        var writer = _writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            writer.WriteStartObject();
            // The answer limit's field depends on the model the request really goes to, a per-request one included.
            var effectiveModel = options?.ModelId ?? model;
            writer.WriteString("model"u8, effectiveModel);
            writer.WriteBoolean("stream"u8, true);
            WriteStreamOptions(writer);
            if (options is not null)
            {
                WriteSampling(writer, effectiveModel, options);
                WriteTools(writer, options);
            }

            writer.WriteStartArray("messages"u8);
            foreach (var message in messages)
            {
                WriteMessage(writer, message);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > MaxRetainedBuffer)
            {
                // A long history (or an image) must not pin its buffer to the thread for ever.
                _buffer = null;
                _writer = null;
            }
        }
    }

    /// <summary>Asks for the token usage as a last chunk of the stream: without it a streamed answer reports none.</summary>
    private static void WriteStreamOptions(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("stream_options"u8);
        writer.WriteBoolean("include_usage"u8, true);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The answer's length bound (in the one field the model takes, never both) and sampling, each only when the
    /// caller set it: unset means the provider's default.
    /// </summary>
    private static void WriteSampling(Utf8JsonWriter writer, string model, ChatOptions options)
    {
        if (options.MaxOutputTokens is { } maxTokens)
        {
            writer.WriteNumber(AnswerTokenLimit.NeedsMaxCompletionTokens(model) ? AnswerTokenLimit.MaxCompletionTokens : AnswerTokenLimit.MaxTokens, maxTokens);
        }

        if (options.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (options.TopP is { } topP)
        {
            writer.WriteNumber("top_p"u8, topP);
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        var contents = message.Contents;
        if (contents.Count == 1 && contents[0] is TextContent only)
        {
            // The common case, a text turn: written without looking further.
            WriteTextMessage(writer, message.Role.Value, only.Text);
            return;
        }

        var shape = Shape.Of(contents);
        if (shape.HasToolResults)
        {
            WriteToolResults(writer, contents);
        }

        if (shape.HasToolCalls)
        {
            WriteToolCallMessage(writer, message);
        }
        else if (shape.HasImages)
        {
            WritePartsMessage(writer, message.Role.Value, contents);
        }
        else if (!shape.HasToolResults || message.Text.Length > 0)
        {
            WriteTextMessage(writer, message.Role.Value, message.Text);
        }
    }

    private static void WriteTextMessage(Utf8JsonWriter writer, string role, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, role);
        writer.WriteString("content"u8, text);
        writer.WriteEndObject();
    }

    /// <summary>What a message holds beyond text, found in one pass.</summary>
    private readonly record struct Shape(bool HasImages, bool HasToolCalls, bool HasToolResults)
    {
        public static Shape Of(IList<AIContent> contents)
        {
            bool images = false, calls = false, results = false;
            foreach (var content in contents)
            {
                switch (content)
                {
                    case DataContent data when data.HasTopLevelMediaType("image"):
                    case UriContent uri when uri.HasTopLevelMediaType("image"):
                        images = true;
                        break;
                    case FunctionCallContent:
                        calls = true;
                        break;
                    case FunctionResultContent:
                        results = true;
                        break;
                }
            }

            return new Shape(images, calls, results);
        }
    }
}
