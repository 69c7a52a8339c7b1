namespace GptBot.Llm.WebSession;

/// <summary>
/// The two endpoints of the web protocol under GPT_API_BASEURL. They are joined by appending, so a reverse proxy
/// mounted under a path keeps it: <c>https://x/proxy</c> gives <c>https://x/proxy/backend-api/conversation</c>.
/// The seed used Python's <c>urljoin</c>, which dropped the last path segment unless the base ended in a slash.
/// </summary>
internal static class WebSessionUrls
{
    public static Uri Conversation(Uri baseUrl) => Join(baseUrl, "backend-api/conversation");

    public static Uri Session(Uri baseUrl) => Join(baseUrl, "api/auth/session");

    private static Uri Join(Uri baseUrl, string relative)
    {
        var left = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(left + "/" + relative + baseUrl.Query);
    }
}
