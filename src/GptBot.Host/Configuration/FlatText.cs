using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GptBot.Host.Configuration;

/// <summary>The text of a flat setting as configuration holds it, and NoneBot's two ways of writing a list.</summary>
internal static class FlatText
{
    /// <summary>
    /// The text written for <paramref name="key"/>, trimmed; null when it is not given or blank (<c>KEY=</c> in .env
    /// means "not set", as NoneBot reads it). A real JSON array in appsettings.json arrives as KEY:0, KEY:1... and is
    /// returned as the JSON list it was.
    /// </summary>
    public static string? Read(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        if (value is null)
        {
            var children = configuration.GetSection(key).GetChildren().Select(child => child.Value ?? string.Empty).ToArray();
            return children.Length > 0 ? JsonList(children) : null;
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>A JSON array as NoneBot reads it, or comma-separated values (empty items dropped).</summary>
    public static (IReadOnlyList<string> Items, string? Problem) SplitList(string text)
    {
        if (!text.StartsWith('['))
        {
            return (text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.EnumerateArray()
                .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText())
                .ToArray(), null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return ([], $"must be a JSON list such as [\"a\", \"b\"] or comma-separated values, got '{text}'");
        }
    }

    private static string JsonList(IEnumerable<string> items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
