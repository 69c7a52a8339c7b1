using System.Text.RegularExpressions;

namespace GptBot.Host.Configuration;

/// <summary>
/// Takes secrets out of what the service prints, which reaches the console, Docker's and journald's logs and whoever
/// reads them: the values of the secret settings wherever they appear (a relay's error body may quote the API key), the
/// user:password of any URL, and the value of a token parameter in a URL. Every configuration error and every console
/// log line passes through it.
/// </summary>
internal sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>The settings whose values are secrets.</summary>
    public static readonly IReadOnlyList<string> SecretSettings = ["GPT_API_KEY", "GPT_SESSION_TOKEN", "ONEBOT_ACCESS_TOKEN", "GPT_ADMIN_TOKEN"];

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

        // Longest first, so a key inside a longer secret does not leave the rest of that one readable.
        return new SecretRedactor([.. secrets.Where(secret => secret.Length >= MinimumLength).OrderByDescending(secret => secret.Length)]);
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
