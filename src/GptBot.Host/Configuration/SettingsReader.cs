using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace GptBot.Host.Configuration;

/// <summary>
/// Reads one flat setting (NoneBot and nonebot-plugin-gpt names such as GPT_TIMEOUT) and explains a bad value by name.
/// Lists are accepted as NoneBot writes them (<c>["/", ""]</c>, <c>[123, 456]</c>) and as plain <c>123,456</c>.
/// </summary>
internal sealed class SettingsReader(IConfiguration configuration)
{
    public string? Raw(string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public string String(string key, string fallback) => Raw(key) ?? fallback;

    public int Int(string key, int fallback, int min, int max)
    {
        if (Raw(key) is not { } raw)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new SettingsException(key, $"must be a whole number from {min} to {max}, got '{raw}'");
        }

        return value;
    }

    public double Double(string key, double fallback, double min, double max)
    {
        if (Raw(key) is not { } raw)
        {
            return fallback;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || value < min || value > max)
        {
            throw new SettingsException(key, $"must be a number from {min} to {max}, got '{raw}'");
        }

        return value;
    }

    /// <summary>Seconds, possibly fractional (GPT_TIMEOUT=20, GPT_REQUEST_MINIMAL_INTERVAL=0.5).</summary>
    public TimeSpan Seconds(string key, TimeSpan fallback, double min, double max) =>
        TimeSpan.FromSeconds(Double(key, fallback.TotalSeconds, min, max));

    public bool Bool(string key, bool fallback)
    {
        if (Raw(key) is not { } raw)
        {
            return fallback;
        }

        return raw.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new SettingsException(key, $"must be true or false, got '{raw}'"),
        };
    }

    public Uri? Url(string key, Uri? fallback, params string[] schemes)
    {
        if (Raw(key) is not { } raw)
        {
            return fallback;
        }

        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw new SettingsException(key, $"must be an absolute {string.Join(" or ", schemes)} URL, got '{raw}'");
        }

        return uri;
    }

    /// <summary>
    /// A list: a JSON array as NoneBot reads it, or comma-separated values. An empty string inside a JSON list is kept
    /// (<c>COMMAND_START=["/", ""]</c> means "with or without a slash"). A whole missing setting gives <paramref name="fallback"/>.
    /// </summary>
    public IReadOnlyList<string> List(string key, IReadOnlyList<string> fallback)
    {
        var raw = configuration[key];
        if (raw is null)
        {
            // appsettings.json may give a real JSON array: it arrives as KEY:0, KEY:1...
            var children = configuration.GetSection(key).GetChildren().Select(child => child.Value ?? string.Empty).ToArray();
            return children.Length > 0 ? children : fallback;
        }

        if (string.IsNullOrWhiteSpace(raw))
        {
            // KEY= in .env means "not set", as for every other setting (an empty COMMAND_START must not disable /gpt).
            return fallback;
        }

        raw = raw.Trim();
        if (raw.StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(raw);
                return document.RootElement.EnumerateArray()
                    .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText())
                    .ToArray();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new SettingsException(key, $"must be a JSON list such as [\"a\", \"b\"] or comma-separated values, got '{raw}'");
            }
        }

        return raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    public IReadOnlyList<long> IdList(string key)
    {
        var items = List(key, []);
        var ids = new List<long>(items.Count);
        foreach (var item in items)
        {
            if (!long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                throw new SettingsException(key, $"must list QQ numbers such as [123, 456] or 123,456; '{item}' is not one");
            }

            ids.Add(id);
        }

        return ids;
    }
}
