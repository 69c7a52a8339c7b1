using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace GptBot.Llm.WebSession;

/// <summary>What one call of <c>/api/auth/session</c> gave.</summary>
internal sealed record SessionAnswer(string? AccessToken, string? RotatedSessionToken, string? Failure, bool SessionDead)
{
    public bool Succeeded => AccessToken is not null;
}

/// <summary>
/// <c>GET {base}/api/auth/session</c> with the session cookie: the answer's <c>accessToken</c> is the new access token,
/// and its <c>Set-Cookie</c> rotates the session token. <c>{}</c>, an <c>error</c> field or an HTML page mean the
/// session is dead (or blocked), which only a new GPT_SESSION_TOKEN fixes.
/// </summary>
internal sealed class SessionEndpointClient(HttpClient http, LlmOptions options)
{
    private readonly Uri _url = WebSessionUrls.Session(options.BaseUrl);

    /// <exception cref="HttpRequestException">The endpoint cannot be reached.</exception>
    public async Task<SessionAnswer> FetchAsync(string sessionToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        request.Headers.TryAddWithoutValidation("Cookie", SessionCookie.Header(sessionToken));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", WebSessionHttp.UserAgent);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var rotated = SessionCookie.FindRotated(response.Headers);
        var body = await BoundedBody.ReadAsync(response.Content, cancellationToken);
        var html = WebSessionHttp.LooksLikeHtml(body);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            var reason = string.IsNullOrEmpty(response.ReasonPhrase) ? ReasonPhrases.GetReasonPhrase(status) : response.ReasonPhrase;
            return new SessionAnswer(null, rotated, $"HTTP {status} {reason}: {WebSessionHttp.ForLog(body)}", html);
        }

        return Interpret(body, rotated, html);
    }

    private static SessionAnswer Interpret(string body, string? rotated, bool html)
    {
        if (html)
        {
            return new SessionAnswer(null, rotated, "the session endpoint answered " + WebSessionHttp.ForLog(body), SessionDead: true);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new SessionAnswer(null, rotated, "the session endpoint answered JSON that is not an object", SessionDead: true);
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind is not (JsonValueKind.Null or JsonValueKind.False))
            {
                var detail = error.ValueKind == JsonValueKind.String ? error.GetString() : error.GetRawText();
                return new SessionAnswer(null, rotated, "the session endpoint reported " + WebSessionHttp.ForLog(detail ?? string.Empty), SessionDead: true);
            }

            if (root.TryGetProperty("accessToken", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } accessToken)
            {
                return new SessionAnswer(accessToken, rotated, null, SessionDead: false);
            }

            return new SessionAnswer(null, rotated, "the session endpoint answered without an accessToken (an empty {} means the session token is invalid)", SessionDead: true);
        }
        catch (JsonException)
        {
            return new SessionAnswer(null, rotated, "the session endpoint answered something that is not JSON: " + WebSessionHttp.ForLog(body), SessionDead: true);
        }
    }
}
