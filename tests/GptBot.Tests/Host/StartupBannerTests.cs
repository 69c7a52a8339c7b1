using GptBot.Host;

namespace GptBot.Tests.Host;

[Trait("Category", "Unit")]
public sealed class StartupBannerTests
{
    [Theory]
    [InlineData("https://user:secret@llm.example.com:8443/v1", "https://llm.example.com:8443/v1")]
    [InlineData("ws://127.0.0.1:3001/?access_token=secret", "ws://127.0.0.1:3001/")]
    [InlineData("http://localhost:11434/v1", "http://localhost:11434/v1")]
    public void Logged_urls_carry_no_credentials(string url, string logged)
    {
        Assert.Equal(logged, StartupBanner.WithoutSecrets(new Uri(url)));
    }
}
