using System.Net;
using System.Text.RegularExpressions;
using GptBot.IntegrationTests.Infrastructure;

namespace GptBot.IntegrationTests.Admin;

/// <summary>
/// Who reaches the console at all, over real HTTP to the real host: nobody without GPT_ADMIN_TOKEN, nobody from another
/// machine over plain HTTP, and the cookies it sets stay on its path, out of script's reach and same-site.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ConsoleAccessTests
{
    private const string Token = "integration-admin-token-0123";

    [Fact]
    public async Task Without_an_admin_token_there_is_no_console()
    {
        await using var bot = await TestBot.StartAsync();
        using var http = Client(bot);

        using var page = await http.GetAsync(new Uri("/admin", UriKind.Relative), TestContext.Current.CancellationToken);
        using var login = await http.GetAsync(new Uri("/admin/login", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
    }

    [Fact]
    public async Task The_login_page_sets_only_strict_http_only_cookies_on_the_console_path_and_forbids_script()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_ADMIN_TOKEN"] = Token });
        using var http = Client(bot);

        using var redirect = await http.GetAsync(new Uri("/admin/chats", UriKind.Relative), TestContext.Current.CancellationToken);
        using var login = await http.GetAsync(new Uri("/admin/login", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/admin/login", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookies = login.Headers.GetValues("Set-Cookie").ToArray();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie =>
        {
            Assert.Contains("path=/admin", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        });
        var policy = string.Join(' ', login.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", string.Join(' ', login.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task A_login_post_without_the_form_token_is_refused_before_the_token_is_looked_at()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_ADMIN_TOKEN"] = Token });
        using var http = Client(bot);

        using var response = await http.PostAsync(
            new Uri("/admin/login", UriKind.Relative), new FormUrlEncodedContent([new("token", Token)]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(cookie => cookie.StartsWith("gptbot-admin=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Plain_http_from_another_machine_is_refused_and_https_through_a_local_proxy_is_served()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_ADMIN_TOKEN"] = Token,
            ["GPT_ADMIN_FORWARDED_HEADERS"] = "true",
        });
        using var http = Client(bot);

        // A proxy on loopback tells who the client is: a machine elsewhere, over plain HTTP.
        using var plain = await SendAsync(http, "http");
        using var secure = await SendAsync(http, "https");
        var refusal = await plain.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, plain.StatusCode);
        Assert.Contains("GPT_ADMIN_ALLOW_HTTP", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);

        // Over HTTPS the cookies are marked Secure.
        Assert.All(secure.Headers.GetValues("Set-Cookie"), cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Plain_http_from_another_machine_is_served_when_the_operator_allows_it()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_ADMIN_TOKEN"] = Token,
            ["GPT_ADMIN_FORWARDED_HEADERS"] = "true",
            ["GPT_ADMIN_ALLOW_HTTP"] = "true",
        });
        using var http = Client(bot);

        using var plain = await SendAsync(http, "http");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Matches(LoginForm(), await plain.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string scheme)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/login");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", scheme);
        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static HttpClient Client(TestBot bot) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{bot.Port}") };

    [GeneratedRegex("<input type=\"password\" id=\"token\"")]
    private static partial Regex LoginForm();
}
