using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>
/// Writes the Chat Completions request body: model, stream, the answer's token limit when there is one (in the field
/// the model takes, <see cref="AnswerTokenLimit"/>), and each message as role + text content. Nothing else of a
/// <see cref="ChatMessage"/> goes out: its AdditionalProperties are GptBot's own bookkeeping (e.g. the plain text of a
/// user turn for the web backend), not wire fields.
/// </summary>
internal static class ChatRequestWriter
{
    // Relaxed escaping keeps Chinese text as UTF-8 instead of six-byte \uXXXX escapes; the body is never HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private const int MaxRetainedBuffer = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static byte[] Write(string model, IEnumerable<ChatMessage> messages, int? maxOutputTokens = null)
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
            writer.WriteString("model"u8, model);
            writer.WriteBoolean("stream"u8, true);
            if (maxOutputTokens is { } limit)
            {
                writer.WriteNumber(AnswerTokenLimit.NeedsMaxCompletionTokens(model) ? AnswerTokenLimit.MaxCompletionTokens : AnswerTokenLimit.MaxTokens, limit);
            }

            writer.WriteStartArray("messages"u8);
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role"u8, message.Role.Value);
                writer.WriteString("content"u8, message.Text);
                writer.WriteEndObject();
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
                // A long history must not pin its buffer to the thread for ever.
                _buffer = null;
                _writer = null;
            }
        }
    }
}
