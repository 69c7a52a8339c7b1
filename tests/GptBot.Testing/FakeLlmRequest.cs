using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GptBot.Testing;

/// <summary>
/// One request the fake LLM received. The body is parsed and the headers copied only when something reads them (or
/// when the request is recorded), so a load test that never looks pays nothing for them.
/// </summary>
public sealed class FakeLlmRequest
{
    private readonly byte[] _rawBody;
    private IHeaderDictionary? _liveHeaders;
    private IReadOnlyDictionary<string, string>? _headers;
    private JsonElement? _body;

    internal FakeLlmRequest(string path, byte[] rawBody, IHeaderDictionary headers)
    {
        Path = path;
        _rawBody = rawBody;
        _liveHeaders = headers;
    }

    public string Path { get; }

    /// <summary>The body as it arrived (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> RawBody => _rawBody;

    public JsonElement Body => _body ??= Parse(_rawBody);

    public IReadOnlyDictionary<string, string> Headers => _headers ??= Copy(_liveHeaders!);

    public string? Authorization => Headers.TryGetValue("Authorization", out var authorization) ? authorization : null;

    /// <summary>The chat messages as (role, content) pairs, in order.</summary>
    public IReadOnlyList<(string Role, string Content)> Messages =>
        Body.TryGetProperty("messages", out var messages)
            ? messages.EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, ContentOf(m))).ToArray()
            : [];

    /// <summary>The last user message's content.</summary>
    public string LastUserContent => Messages.Last(m => m.Role == "user").Content;

    /// <summary>The <c>image_url</c> URLs of the last user message's content parts, in order (empty for a text-only message).</summary>
    public IReadOnlyList<string> LastUserImageUrls
    {
        get
        {
            var last = Body.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user");
            var content = last.GetProperty("content");
            return content.ValueKind != JsonValueKind.Array
                ? []
                : content.EnumerateArray()
                    .Where(part => part.GetProperty("type").GetString() == "image_url")
                    .Select(part => part.GetProperty("image_url").GetProperty("url").GetString()!)
                    .ToArray();
        }
    }

    /// <summary>The names of the functions offered in <c>tools</c>.</summary>
    public IReadOnlyList<string> ToolNames =>
        Body.TryGetProperty("tools", out var tools)
            ? tools.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()!).ToArray()
            : [];

    /// <summary>The <c>tool</c> messages: each call's id and the result the bot sent back.</summary>
    public IReadOnlyList<(string CallId, string Content)> ToolResults =>
        Body.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "tool")
            .Select(m => (m.GetProperty("tool_call_id").GetString()!, ContentOf(m)))
            .ToArray();

    /// <summary>Whether the request asked for the usage in the stream (<c>stream_options.include_usage</c>), read without parsing.</summary>
    public bool AsksForUsage => _rawBody.AsSpan().IndexOf("\"include_usage\":true"u8) >= 0;

    /// <summary>Reads everything now: the request outlives its HTTP exchange, whose headers are then reused.</summary>
    internal void Keep()
    {
        _ = Body;
        _ = Headers;
        _liveHeaders = null;
    }

    private static JsonElement Parse(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static Dictionary<string, string> Copy(IHeaderDictionary headers) =>
        headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static string ContentOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var t) ? t.GetString() : string.Empty));
    }
}
