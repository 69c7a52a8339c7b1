using GptBot.Llm.WebSession;

namespace GptBot.Tests.Llm.WebSession;

public sealed class WebSessionUrlsTests
{
    [Theory]
    [InlineData("https://chat.openai.com", "https://chat.openai.com/backend-api/conversation", "https://chat.openai.com/api/auth/session")]
    [InlineData("https://chat.openai.com/", "https://chat.openai.com/backend-api/conversation", "https://chat.openai.com/api/auth/session")]
    [InlineData("https://x.example/proxy", "https://x.example/proxy/backend-api/conversation", "https://x.example/proxy/api/auth/session")]
    [InlineData("https://x.example/proxy/", "https://x.example/proxy/backend-api/conversation", "https://x.example/proxy/api/auth/session")]
    [InlineData("http://127.0.0.1:8008/a/b?k=1", "http://127.0.0.1:8008/a/b/backend-api/conversation?k=1", "http://127.0.0.1:8008/a/b/api/auth/session?k=1")]
    public void Paths_are_appended_to_the_base(string baseUrl, string conversation, string session)
    {
        Assert.Equal(conversation, WebSessionUrls.Conversation(new Uri(baseUrl)).AbsoluteUri);
        Assert.Equal(session, WebSessionUrls.Session(new Uri(baseUrl)).AbsoluteUri);
    }
}
