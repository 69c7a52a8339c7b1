using GptBot.Admin.Security;

namespace GptBot.Tests.Admin.Security;

[Trait("Category", "Unit")]
public sealed class AdminTokenTests
{
    [Theory]
    [InlineData("0123456789abcdef-token", "0123456789abcdef-token", true)]
    [InlineData("0123456789abcdef-token", "0123456789abcdef-toke", false)]
    [InlineData("0123456789abcdef-token", "0123456789abcdef-tokenX", false)]
    [InlineData("0123456789abcdef-token", "", false)]
    [InlineData("0123456789abcdef-token", null, false)]
    [InlineData("", "", false)]
    public void Only_the_exact_token_matches_and_no_token_configured_matches_nothing(string expected, string? offered, bool matches) =>
        Assert.Equal(matches, AdminToken.Matches(expected, offered));
}
