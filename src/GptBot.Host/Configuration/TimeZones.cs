namespace GptBot.Host.Configuration;

/// <summary>
/// Reads GPT_TIMEZONE. The service runs without ICU (invariant globalization), so the operating system only knows its
/// own kind of id: IANA on Linux and macOS, Windows ids on Windows. The zones QQ operators most often name are mapped
/// both ways here, so <c>Asia/Shanghai</c> and <c>China Standard Time</c> work on every system.
/// </summary>
internal static class TimeZones
{
    private static readonly (string Iana, string Windows)[] Known =
    [
        ("Asia/Shanghai", "China Standard Time"),
        ("Asia/Hong_Kong", "China Standard Time"),
        ("Asia/Taipei", "Taipei Standard Time"),
        ("Asia/Tokyo", "Tokyo Standard Time"),
        ("Asia/Seoul", "Korea Standard Time"),
        ("Asia/Singapore", "Singapore Standard Time"),
        ("Etc/UTC", "UTC"),
        ("UTC", "UTC"),
        ("Europe/London", "GMT Standard Time"),
        ("Europe/Berlin", "W. Europe Standard Time"),
        ("Europe/Moscow", "Russian Standard Time"),
        ("America/New_York", "Eastern Standard Time"),
        ("America/Chicago", "Central Standard Time"),
        ("America/Los_Angeles", "Pacific Standard Time"),
        ("Australia/Sydney", "AUS Eastern Standard Time"),
    ];

    public static FlatSetting<TimeZoneInfo> Setting(string key)
    {
        const string expected = "must be a time zone id such as Asia/Shanghai (IANA) or China Standard Time (Windows)";
        return new(
            key,
            text => Find(text) is { } zone ? (zone, null) : (null!, $"{expected}, got '{text}'"),
            (_, _) => null,
            zone => zone?.Id ?? string.Empty);
    }

    public static TimeZoneInfo? Find(string id)
    {
        if (TryFind(id) is { } zone)
        {
            return zone;
        }

        // The other system's id for the same zone: first through the runtime (it can when ICU is there), then the table.
        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) && TryFind(iana) is { } fromWindows)
        {
            return fromWindows;
        }

        if (TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out var windows) && TryFind(windows) is { } fromIana)
        {
            return fromIana;
        }

        foreach (var (knownIana, knownWindows) in Known)
        {
            var other = string.Equals(id, knownIana, StringComparison.OrdinalIgnoreCase) ? knownWindows
                : string.Equals(id, knownWindows, StringComparison.OrdinalIgnoreCase) ? knownIana
                : null;
            if (other is not null && TryFind(other) is { } mapped)
            {
                return mapped;
            }
        }

        return null;
    }

    private static TimeZoneInfo? TryFind(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }
}
