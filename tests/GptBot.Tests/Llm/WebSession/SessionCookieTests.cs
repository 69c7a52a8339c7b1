using GptBot.Llm.WebSession;

namespace GptBot.Tests.Llm.WebSession;

public sealed class SessionCookieTests
{
    [Theory]
    [InlineData("__Secure-next-auth.session-token=new-token; Path=/; HttpOnly; Secure; SameSite=Lax", "new-token")]
    [InlineData("__Secure-next-auth.session-token=\"quoted\"; Path=/", "quoted")]
    [InlineData("__Secure-next-auth.session-token=bare", "bare")]
    [InlineData("__Secure-next-auth.session-token=; Max-Age=0", null)]
    [InlineData("__Secure-next-auth.callback-url=https%3A%2F%2Fchat.openai.com; Path=/", null)]
    [InlineData("other=1; __Secure-next-auth.session-token=not-a-cookie-name", null)]
    public void The_rotated_token_is_read_from_set_cookie(string setCookie, string? expected)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Set-Cookie", "__cf_bm=abc; Path=/");
        response.Headers.TryAddWithoutValidation("Set-Cookie", setCookie);

        Assert.Equal(expected, SessionCookie.FindRotated(response.Headers));
    }

    [Fact]
    public void No_set_cookie_means_no_rotation()
    {
        using var response = new HttpResponseMessage();

        Assert.Null(SessionCookie.FindRotated(response.Headers));
    }
}
