using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GptBot.Llm.WebSession;

/// <summary>The JSON body of <c>POST /backend-api/conversation</c> with <c>action: next</c>.</summary>
internal static class ConversationRequestBody
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>
    /// One user message with both the 2022 <c>role</c> and the 2023 <c>author.role</c>, so proxies of either era accept
    /// it. <c>conversation_id</c> is omitted on a fresh thread, as the web client did (the seed sent null).
    /// </summary>
    public static byte[] Write(string messageId, string prompt, WebThreadState thread, string model)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (prompt.Length * 3));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("action", "next");
            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("id", messageId);
            writer.WriteString("role", "user");
            writer.WriteStartObject("author");
            writer.WriteString("role", "user");
            writer.WriteEndObject();
            writer.WriteStartObject("content");
            writer.WriteString("content_type", "text");
            writer.WriteStartArray("parts");
            writer.WriteStringValue(prompt);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (thread.ConversationId is { } conversationId)
            {
                writer.WriteString("conversation_id", conversationId);
            }

            writer.WriteString("parent_message_id", thread.ParentMessageId);
            writer.WriteString("model", model);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static ByteArrayContent ToContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }
}
