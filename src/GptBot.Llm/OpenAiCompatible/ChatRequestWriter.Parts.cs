using System.Text.Json;
using Microsoft.Extensions.AI;

namespace GptBot.Llm.OpenAiCompatible;

/// <summary>The parts of a request beyond plain text: images, tools, tool calls and their results, as the OpenAI wire format has them.</summary>
internal static partial class ChatRequestWriter
{
    /// <summary>
    /// A message with images: <c>content</c> is an array of <c>text</c> and <c>image_url</c> parts in order. Image bytes
    /// go as a data URL (<c>data:image/png;base64,...</c>), a link as the link itself.
    /// </summary>
    private static void WritePartsMessage(Utf8JsonWriter writer, string role, IList<AIContent> contents)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, role);
        writer.WriteStartArray("content"u8);
        foreach (var content in contents)
        {
            switch (content)
            {
                case TextContent text:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("text"u8, text.Text);
                    writer.WriteEndObject();
                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    WriteImagePart(writer, data.Uri);
                    break;
                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    WriteImagePart(writer, uri.Uri.AbsoluteUri);
                    break;
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteImagePart(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "image_url"u8);
        writer.WriteStartObject("image_url"u8);
        writer.WriteString("url"u8, url);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The functions the model may call (<c>tools</c>) and, when the caller decided, whether it must (<c>tool_choice</c>).</summary>
    private static void WriteTools(Utf8JsonWriter writer, ChatOptions options)
    {
        if (options.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        var any = false;
        foreach (var tool in tools)
        {
            if (tool is not AIFunctionDeclaration function)
            {
                continue;
            }

            if (!any)
            {
                writer.WriteStartArray("tools"u8);
                any = true;
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description"u8, function.Description);
            }

            writer.WritePropertyName("parameters"u8);
            function.JsonSchema.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (!any)
        {
            return;
        }

        writer.WriteEndArray();
        switch (options.ToolMode)
        {
            case NoneChatToolMode:
                writer.WriteString("tool_choice"u8, "none"u8);
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, name);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case RequiredChatToolMode:
                writer.WriteString("tool_choice"u8, "required"u8);
                break;
            case AutoChatToolMode:
                writer.WriteString("tool_choice"u8, "auto"u8);
                break;
        }
    }

    /// <summary>An assistant turn that asked for tools: its text (or null) and <c>tool_calls</c> with JSON-string arguments.</summary>
    private static void WriteToolCallMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant"u8);
        var text = message.Text;
        if (text.Length > 0)
        {
            writer.WriteString("content"u8, text);
        }
        else
        {
            writer.WriteNull("content"u8);
        }

        writer.WriteStartArray("tool_calls"u8);
        foreach (var content in message.Contents)
        {
            if (content is not FunctionCallContent call)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("id"u8, call.CallId);
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, call.Name);
            writer.WriteString("arguments"u8, call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Each tool result is a message of its own: role <c>tool</c>, the call's id, and the result as text.</summary>
    private static void WriteToolResults(Utf8JsonWriter writer, IList<AIContent> contents)
    {
        foreach (var content in contents)
        {
            if (content is not FunctionResultContent result)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("role"u8, "tool"u8);
            writer.WriteString("tool_call_id"u8, result.CallId);
            writer.WriteString("content"u8, ResultText(result.Result));
            writer.WriteEndObject();
        }
    }

    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? string.Empty,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };
}
