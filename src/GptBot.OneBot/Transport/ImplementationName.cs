namespace GptBot.OneBot.Transport;

/// <summary>
/// The implementation's name as an operator reads it, from the User-Agent its reverse connection sends: the first
/// product token ("NapCat/4.8" of "NapCat/4.8 (Linux)"), bounded and printable, since anyone holding the token
/// chooses the header.
/// </summary>
public static class ImplementationName
{
    private const int MaxLength = 48;

    /// <summary>The first product token of <paramref name="userAgent"/>, or null when there is none.</summary>
    public static string? FromUserAgent(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var token = userAgent.Trim();
        var end = token.IndexOfAny([' ', '\t', '(', ';', ',']);
        if (end > 0)
        {
            token = token[..end];
        }

        var printable = new string([.. token.Where(c => c is > ' ' and < (char)127).Take(MaxLength)]);
        return printable.Length == 0 ? null : printable;
    }
}
