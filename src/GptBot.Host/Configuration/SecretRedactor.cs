using System.Text.Json;
using System.Text.RegularExpressions;

namespace GptBot.Host.Configuration;

/// <summary>
/// Takes secrets out of what the service prints, which reaches the console, Docker's and journald's logs and whoever
/// reads them: the values of the secret settings wherever they appear (a relay's error body may quote the API key), the
/// user:password of any URL, the value of a token parameter in a URL, and the header and environment values of the MCP
/// servers (their API keys). Every configuration error and every console log line passes through it.
/// </summary>
internal sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>The settings whose values are secrets.</summary>
    public static readonly IReadOnlyList<string> SecretSettings = ["GPT_API_KEY", "GPT_SESSION_TOKEN", "ONEBOT_ACCESS_TOKEN", "GPT_ADMIN_TOKEN"];

    /// <summary>The setting whose servers' <c>headers</c> and <c>env</c> values are secrets; the rest of it is not.</summary>
    public const string McpServersSetting = "GPT_MCP_SERVERS";

    // Shorter values are not searched for: they would mask ordinary words and numbers all over the log. A secret
    // setting's own problem line never shows its value, whatever its length.
    private const int MinimumLength = 6;

    private static readonly char[] ListSeparators = [',', '"', '\'', '[', ']', ' ', '\t'];

    private readonly string[] _secrets;

    private SecretRedactor(string[] secrets) => _secrets = secrets;

    /// <summary>Nothing configured is secret; URLs are still cleaned.</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>A redactor for the secret settings of <paramref name="configuration"/>.</summary>
    public static SecretRedactor From(IConfiguration configuration)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in SecretSettings)
        {
            if (FlatText.Read(configuration, key) is not { } text)
            {
                continue;
            }

            secrets.Add(text);

            // Several API keys, or a list that does not parse: each key in it is a secret on its own.
            foreach (var word in text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                secrets.Add(word);
            }
        }

        AddMcpSecrets(FlatText.Read(configuration, McpServersSetting), secrets);

        // Longest first, so a key inside a longer secret does not leave the rest of that one readable.
        return new SecretRedactor([.. secrets.Where(secret => secret.Length >= MinimumLength).OrderByDescending(secret => secret.Length)]);
    }

    /// <summary>
    /// The values of each server's <c>headers</c> (an Authorization header's credentials on their own too, without its
    /// scheme) and <c>env</c>: that is where an MCP server's API key goes. A list that does not parse adds nothing; its
    /// own problem line does not show it.
    /// </summary>
    private static void AddMcpSecrets(string? text, HashSet<string> secrets)
    {
        if (text is null)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var server in document.RootElement.EnumerateArray())
            {
                if (server.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var property in (ReadOnlySpan<string>)["headers", "env"])
                {
                    if (!server.TryGetProperty(property, out var values) || values.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    foreach (var pair in values.EnumerateObject())
                    {
                        var value = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()!.Trim() : pair.Value.GetRawText();
                        secrets.Add(value);
                        if (value.IndexOf(' ') is > 0 and var space)
                        {
                            // "Bearer sk-...": the credentials alone may appear in a server's error text.
                            secrets.Add(value[(space + 1)..].Trim());
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a list of servers: the setting's own check refuses it without showing it.
        }
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            text = UrlUserInfo().Replace(text, "${scheme}" + Mask + "@");
            text = UrlToken().Replace(text, "${name}" + Mask);
        }

        return text;
    }

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^\s/?#@'""]+@")]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"(?<name>[?&](?:access_token|token|api_key|key)=)[^&#\s'""]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlToken();
}
