using System.Net;
using GptBot.Llm;
using GptBot.Llm.OpenAiCompatible;

namespace GptBot.Tests.Llm.OpenAiCompatible;

[Trait("Category", "Unit")]
public sealed class OpenAiChatClientFactoryTests
{
    private static readonly Uri Target = new("https://api.openai.com/v1/chat/completions");

    [Fact]
    public void Without_gpt_proxy_the_connection_is_direct_and_ignores_the_system_proxy()
    {
        using var handler = OpenAiChatClientFactory.CreateHandler(new LlmOptions());

        Assert.False(handler.UseProxy);
        Assert.Null(handler.Proxy);
    }

    [Fact]
    public void Gpt_proxy_carries_the_traffic()
    {
        using var handler = OpenAiChatClientFactory.CreateHandler(new LlmOptions { Proxy = new Uri("http://127.0.0.1:7890") });

        Assert.True(handler.UseProxy);
        Assert.Equal(new Uri("http://127.0.0.1:7890/"), handler.Proxy!.GetProxy(Target));
        Assert.Null(handler.Proxy.Credentials);
    }

    [Fact]
    public void Credentials_in_gpt_proxy_are_used_and_not_left_in_the_address()
    {
        using var handler = OpenAiChatClientFactory.CreateHandler(new LlmOptions { Proxy = new Uri("http://alice:p%40ss@proxy.local:3128") });

        Assert.Equal(new Uri("http://proxy.local:3128/"), handler.Proxy!.GetProxy(Target));
        var credential = handler.Proxy.Credentials!.GetCredential(new Uri("http://proxy.local:3128/"), "Basic");
        Assert.Equal("alice", credential!.UserName);
        Assert.Equal("p@ss", credential.Password);
    }
}
