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
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var t) ? t.GetString() : string.Empty));
    }
}
