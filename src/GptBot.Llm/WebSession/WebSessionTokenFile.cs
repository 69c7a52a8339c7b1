using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GptBot.Llm.WebSession;

/// <summary>
/// Keeps the rotated session token in <c>{GPT_DATA_DIR}/web-session.json</c>, because after a restart the cookie in
/// .env may already be dead. The file remembers a hash of the GPT_SESSION_TOKEN it descends from: while .env still
/// holds that value the stored token is newer and wins; once the operator puts a new token into .env, .env wins.
/// Written atomically (temp file + rename), readable by the owner only. The token itself is never logged.
/// </summary>
internal sealed partial class WebSessionTokenFile(string path, TimeProvider timeProvider, ILogger<WebSessionTokenFile> logger)
{
    public const string FileName = "web-session.json";

    public string Path => path;

    /// <summary>The token to start with: the stored one when it descends from <paramref name="configuredToken"/>, otherwise the configured one.</summary>
    public string? ChooseStartToken(string? configuredToken)
    {
        KeepPrivate();
        if (Load() is not { } stored)
        {
            return configuredToken;
        }

        if (configuredToken is null || stored.ConfiguredHash == Hash(configuredToken))
        {
            LogUsingStored(logger, path, stored.SavedAt);
            return stored.SessionToken;
        }

        LogConfiguredIsNewer(logger, path);
        return configuredToken;
    }

    public async Task SaveAsync(string sessionToken, string? configuredToken, CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else if (!Directory.Exists(directory))
        {
            // The data directory, when the web session is the first to need it: the owner's alone, as the database's.
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temp = System.IO.Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temp, options))
            await using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("session_token", sessionToken);
                writer.WriteString("configured_token_sha256", configuredToken is null ? null : Hash(configuredToken));
                writer.WriteString("saved_at", timeProvider.GetUtcNow());
                writer.WriteEndObject();
                await writer.FlushAsync(cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private StoredToken? Load()
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("session_token", out var token) && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: > 0 } sessionToken)
            {
                var hash = root.TryGetProperty("configured_token_sha256", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
                var savedAt = root.TryGetProperty("saved_at", out var s) && s.TryGetDateTimeOffset(out var at) ? at : (DateTimeOffset?)null;
                return new StoredToken(sessionToken, hash, savedAt);
            }

            LogUnreadable(logger, path, "no session_token");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            LogUnreadable(logger, path, ex.Message);
        }

        return null;
    }

    /// <summary>
    /// A token file that others may read (copied in, or written by hand) is made the owner's alone: the session token
    /// in it is a login to the account.
    /// </summary>
    private void KeepPrivate()
    {
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & others) != 0)
            {
                File.SetUnixFileMode(path, mode & ~others);
                LogTightened(logger, path, Octal(mode), Octal(mode & ~others));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNotTightened(logger, path, ex.Message);
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private sealed record StoredToken(string SessionToken, string? ConfiguredHash, DateTimeOffset? SavedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the rotated session token saved in {Path} at {SavedAt} (newer than GPT_SESSION_TOKEN)")]
    private static partial void LogUsingStored(ILogger logger, string path, DateTimeOffset? savedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "GPT_SESSION_TOKEN was changed since {Path} was written; using the new GPT_SESSION_TOKEN")]
    private static partial void LogConfiguredIsNewer(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} could be read by other local users (mode {Was}); changed to {Now}, the service's user alone")]
    private static partial void LogTightened(ILogger logger, string path, string was, string now);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} may be readable by other local users and its mode could not be changed ({Reason}); chmod it to the service's user alone")]
    private static partial void LogNotTightened(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring {Path}: {Reason}; starting from GPT_SESSION_TOKEN")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
