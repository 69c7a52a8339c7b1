using GptBot.OneBot.Transport;

namespace GptBot.Tests.OneBot.Transport;

/// <summary>The access token check: every scheme and case the implementations send.</summary>
[Trait("Category", "Unit")]
public sealed class AccessTokenCheckTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("Bearer ", null)]
    [InlineData("Bearer", null)]
    [InlineData("Bearer x", null)]
    [InlineData("Token x", null)]
    [InlineData("", null)]
    [InlineData(null, "x")]
    [InlineData("garbage", null)]
    public void Without_a_configured_token_everything_is_accepted(string? header, string? query) =>
        Assert.Equal(AccessTokenVerdict.Accepted, AccessTokenCheck.Verify(string.Empty, header, query));

    [Theory]
    [InlineData("Bearer t")]
    [InlineData("bearer t")]
    [InlineData("BEARER t")]
    [InlineData("Token t")]
    [InlineData("token t")]
    [InlineData("TOKEN t")]
    [InlineData("  Bearer   t  ")]
    [InlineData("t")]
    public void Matching_header_is_accepted(string header) =>
        Assert.Equal(AccessTokenVerdict.Accepted, AccessTokenCheck.Verify("t", header, null));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("token")]
    public void Missing_token_is_401(string? header) =>
        Assert.Equal(AccessTokenVerdict.Missing, AccessTokenCheck.Verify("t", header, null));

    [Theory]
    [InlineData("Bearer x")]
    [InlineData("Token T")]
    [InlineData("Bearer tt")]
    [InlineData("Basic dDp0")]
    public void Wrong_token_is_403(string header) =>
        Assert.Equal(AccessTokenVerdict.Wrong, AccessTokenCheck.Verify("t", header, null));

    [Fact]
    public void Query_token_is_used_when_no_header_is_present()
    {
        Assert.Equal(AccessTokenVerdict.Accepted, AccessTokenCheck.Verify("t", null, "t"));
        Assert.Equal(AccessTokenVerdict.Wrong, AccessTokenCheck.Verify("t", null, "x"));
        Assert.Equal(AccessTokenVerdict.Missing, AccessTokenCheck.Verify("t", null, string.Empty));
    }

    [Fact]
    public void Empty_bearer_with_a_query_token_uses_the_query_token() =>
        Assert.Equal(AccessTokenVerdict.Accepted, AccessTokenCheck.Verify("t", "Bearer ", "t"));

    [Fact]
    public void A_wrong_header_is_not_rescued_by_a_right_query_token() =>
        Assert.Equal(AccessTokenVerdict.Wrong, AccessTokenCheck.Verify("t", "Bearer x", "t"));

    [Fact]
    public void Tokens_with_non_ascii_characters_compare_exactly()
    {
        Assert.Equal(AccessTokenVerdict.Accepted, AccessTokenCheck.Verify("令牌-1", "Bearer 令牌-1", null));
        Assert.Equal(AccessTokenVerdict.Wrong, AccessTokenCheck.Verify("令牌-1", "Bearer 令牌-2", null));
    }
}
