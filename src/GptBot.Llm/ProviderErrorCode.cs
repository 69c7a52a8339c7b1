using System.Text.Json;

namespace GptBot.Llm;

/// <summary>
/// The machine-readable code of a provider's error body: OpenAI-compatible servers send <c>{"error":{"code":...}}</c>,
/// the ChatGPT web backend <c>{"detail":{"code":...}}</c>. Read on failures only; a body without one gives null.
/// </summary>
internal static class ProviderErrorCode
{
    public static string? Read(string body)
    {
        if (body.AsSpan().TrimStart() is not ['{', ..])
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return Of(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The code inside an error object itself (<c>{"message":...,"code":...}</c>), or inside its error/detail wrapper.</summary>
    public static string? Of(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (CodeOf(element) is { } direct)
        {
            return direct;
        }

        foreach (var wrapper in (ReadOnlySpan<string>)["error", "detail"])
        {
            if (element.TryGetProperty(wrapper, out var inner) && inner.ValueKind == JsonValueKind.Object && CodeOf(inner) is { } code)
            {
                return code;
            }
        }

        return null;
    }

    private static string? CodeOf(JsonElement element) => element.TryGetProperty("code", out var code)
        ? code.ValueKind switch
        {
            JsonValueKind.String => code.GetString(),
            JsonValueKind.Number => code.GetRawText(),
            _ => null,
        }
        : null;
}
