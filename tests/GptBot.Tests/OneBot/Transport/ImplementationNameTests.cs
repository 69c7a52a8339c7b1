using GptBot.OneBot.Transport;

namespace GptBot.Tests.OneBot.Transport;

[Trait("Category", "Unit")]
public sealed class ImplementationNameTests
{
    [Theory]
    [InlineData("NapCat/4.8.0", "NapCat/4.8.0")]
    [InlineData("Lagrange.OneBot/1.0 (Linux; x64)", "Lagrange.OneBot/1.0")]
    [InlineData("  go-cqhttp  ", "go-cqhttp")]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("\u0001\u0002", null)]
    public void The_first_product_token_of_the_user_agent_names_the_implementation(string? userAgent, string? expected) =>
        Assert.Equal(expected, ImplementationName.FromUserAgent(userAgent));

    [Fact]
    public void A_long_or_odd_header_is_cut_to_a_short_printable_name()
    {
        Assert.Equal(new string('x', 48), ImplementationName.FromUserAgent(new string('x', 500)));
        Assert.Equal("NapCatQQ/4", ImplementationName.FromUserAgent("NapCatéQQ/4​"));
    }
}
