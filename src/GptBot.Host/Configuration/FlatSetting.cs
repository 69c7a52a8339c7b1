using System.Globalization;

namespace GptBot.Host.Configuration;

/// <summary>The kinds of flat setting, each worded as operators of the seed know it ("must be a number from 1 to 3600").</summary>
internal static class FlatSetting
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static FlatSetting<int> Int(string key, int min, int max)
    {
        var expected = string.Create(Invariant, $"must be a whole number from {min} to {max}");
        return new(
            key,
            text => int.TryParse(text, NumberStyles.Integer, Invariant, out var value) ? (value, null) : (0, $"{expected}, got '{text}'"),
            (value, shown) => value >= min && value <= max ? null : $"{expected}, got '{shown}'",
            value => value.ToString(Invariant));
    }

    public static FlatSetting<double> Number(string key, double min, double max)
    {
        var expected = string.Create(Invariant, $"must be a number from {min} to {max}");
        return new(
            key,
            text => double.TryParse(text, NumberStyles.Float, Invariant, out var value) && !double.IsNaN(value) ? (value, null) : (0, $"{expected}, got '{text}'"),
            (value, shown) => value >= min && value <= max ? null : $"{expected}, got '{shown}'",
            value => value.ToString(Invariant));
    }

    /// <summary>Seconds, possibly fractional (GPT_TIMEOUT=20, GPT_REQUEST_MINIMAL_INTERVAL=0.5).</summary>
    public static FlatSetting<TimeSpan> Seconds(string key, double min, double max) =>
        Number(key, min, max).Select(seconds => TimeSpan.FromSeconds(seconds), time => time.TotalSeconds);

    /// <summary>Whole minutes (GPT_CONTEXT_EXPIRE_MINUTES).</summary>
    public static FlatSetting<TimeSpan> Minutes(string key, int min, int max) =>
        Int(key, min, max).Select(minutes => TimeSpan.FromMinutes(minutes), time => (int)time.TotalMinutes);

    /// <summary>Whole milliseconds (GPT_STREAM_COALESCE_MS).</summary>
    public static FlatSetting<TimeSpan> Milliseconds(string key, int min, int max) =>
        Int(key, min, max).Select(milliseconds => TimeSpan.FromMilliseconds(milliseconds), time => (int)time.TotalMilliseconds);

    public static FlatSetting<bool> Bool(string key) => new(
        key,
        text => text.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => (true, null),
            "false" or "0" or "no" or "off" => (false, null),
            _ => (false, $"must be true or false, got '{text}'"),
        },
        (_, _) => null,
        value => value ? "true" : "false");

    /// <summary>Text as written, trimmed; any text will do.</summary>
    public static FlatSetting<string> Text(string key) => new(key, text => (text, null), (_, _) => null, value => value ?? string.Empty);

    /// <summary>One of a few names, in any case; <paramref name="expected"/> lists them for the operator.</summary>
    public static FlatSetting<TEnum> Choice<TEnum>(string key, string expected, IReadOnlyDictionary<string, TEnum> names)
        where TEnum : struct, Enum => new(
        key,
        text => names.TryGetValue(text, out var value) ? (value, null) : (default, $"{expected}, got '{text}'"),
        (value, shown) => Enum.IsDefined(value) ? null : $"{expected}, got '{shown}'",
        value => names.FirstOrDefault(name => name.Value.Equals(value)).Key ?? value.ToString());

    /// <summary>An absolute URL with one of <paramref name="schemes"/>; no URL (null) is fine.</summary>
    public static FlatSetting<Uri> Url(string key, params string[] schemes)
    {
        var expected = $"must be an absolute {string.Join(" or ", schemes)} URL";
        bool Fits(Uri uri) => uri.IsAbsoluteUri && schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase);
        return new(
            key,
            text => Uri.TryCreate(text, UriKind.Absolute, out var uri) && Fits(uri) ? (uri, null) : (null!, $"{expected}, got '{text}'"),
            (value, shown) => value is null || Fits(value) ? null : $"{expected}, got '{shown}'",
            value => value?.OriginalString ?? string.Empty);
    }

    /// <summary>
    /// A list: a JSON array as NoneBot reads it, or comma-separated values. An empty string inside a JSON list is kept
    /// (<c>COMMAND_START=["/", ""]</c> means "with or without a slash").
    /// </summary>
    public static FlatSetting<IReadOnlyList<string>> List(string key) =>
        new(key, FlatText.SplitList, (_, _) => null, value => value is null ? string.Empty : string.Join(',', value));

    /// <summary>QQ numbers, as <c>[123, 456]</c> or <c>123,456</c>.</summary>
    public static FlatSetting<IReadOnlySet<long>> QqIds(string key) => new(
        key,
        text =>
        {
            var (ids, problem) = ListOf(
                text,
                item => (long.TryParse(item, NumberStyles.Integer, Invariant, out var id), id),
                item => $"must list QQ numbers such as [123, 456] or 123,456; '{item}' is not one");
            return (ids.ToHashSet(), problem);
        },
        (_, _) => null,
        value => value is null ? string.Empty : string.Join(',', value));

    /// <summary>ws:// or wss:// URLs (forward WebSocket endpoints).</summary>
    public static FlatSetting<IReadOnlyList<Uri>> WsUrls(string key)
    {
        static bool IsWs(Uri uri) => uri.IsAbsoluteUri && uri.Scheme is "ws" or "wss";
        static string Problem(string url) => $"must list ws:// or wss:// URLs, got '{url}'";
        return new(
            key,
            text => ListOf(text, item => (Uri.TryCreate(item, UriKind.Absolute, out var uri) && IsWs(uri), uri!), Problem),
            (value, _) => value?.FirstOrDefault(uri => !IsWs(uri)) is { } wrong ? Problem(wrong.OriginalString) : null,
            value => value is null ? string.Empty : string.Join(',', value.Select(uri => uri.OriginalString)));
    }

    /// <summary>A list whose items must each read as a <typeparamref name="TItem"/>; the first that does not is named.</summary>
    private static (IReadOnlyList<TItem> Items, string? Problem) ListOf<TItem>(
        string text, Func<string, (bool Ok, TItem Item)> parseItem, Func<string, string> itemProblem)
    {
        var (items, problem) = FlatText.SplitList(text);
        if (problem is not null)
        {
            return ([], problem);
        }

        var parsed = new List<TItem>(items.Count);
        foreach (var item in items)
        {
            var (ok, value) = parseItem(item);
            if (!ok)
            {
                return ([], itemProblem(item));
            }

            parsed.Add(value);
        }

        return (parsed, null);
    }
}
