using System.Text.Json;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Chat;

/// <summary>What goes over the wire to the LLM, and what comes back to QQ.</summary>
[Trait("Category", "Integration")]
public sealed class BackendWireTests
{
    [Fact]
    public async Task The_request_carries_key_model_system_prompt_and_asks_for_a_stream()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_API_KEY"] = "sk-secret-123",
            ["GPT_MODEL"] = "qwen2.5:7b",
            ["GPT_SYSTEM_PROMPT"] = "你是群聊助手",
        });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hi");
        var request = await bot.Llm.NextRequestAsync();

        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-secret-123", request.Authorization);
        Assert.Equal("qwen2.5:7b", request.Body.GetProperty("model").GetString());
        Assert.True(request.Body.GetProperty("stream").GetBoolean());
        Assert.Equal([("system", "你是群聊助手"), ("user", "hi")], request.Messages);
    }

    [Fact]
    public async Task A_base_url_with_a_trailing_slash_works_the_same()
    {
        var llm = await FakeLlmServer.StartAsync();
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_API_BASEURL"] = llm.BaseUrl + "/" }, llm);
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hi");

        Assert.Equal("/v1/chat/completions", (await llm.NextRequestAsync()).Path);
        Assert.Equal("echo: hi", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Gpt_proxy_carries_all_llm_traffic()
    {
        // The fake LLM doubles as the HTTP proxy: Kestrel serves the proxy's absolute-form request line. The base URL
        // names a host that does not resolve, so an answer proves the request went through GPT_PROXY.
        await using var proxy = await FakeLlmServer.StartAsync();
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_API_BASEURL"] = "http://llm.invalid/v1",
            ["GPT_PROXY"] = new Uri(proxy.BaseUrl).GetLeftPart(UriPartial.Authority),
        });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt via proxy");

        var request = await proxy.NextRequestAsync();
        Assert.Equal("llm.invalid", request.Headers["Host"]);
        Assert.Equal("echo: via proxy", await qq.NextSentTextAsync());
        Assert.Empty(bot.Llm.Requests);
    }

    [Theory]
    [InlineData("NapCat")]
    [InlineData("go-cqhttp")]
    public async Task Cq_codes_in_an_answer_arrive_as_one_literal_text_segment(string personaName)
    {
        const string answer = "[CQ:at,qq=all] [CQ:image,file=file:///etc/passwd] &#91;x&#93;";
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync(persona: personaName == "NapCat" ? OneBotPersona.NapCat : OneBotPersona.GoCqhttp);
        bot.Llm.DefaultAnswer = _ => answer;

        await qq.SendGroupMessageAsync(20002, 30003, "/gpt say something nasty");
        var call = await qq.NextCallAsync();

        var segments = call.Params.GetProperty("message");
        Assert.Equal(JsonValueKind.Array, segments.ValueKind);
        var only = Assert.Single(segments.EnumerateArray());
        Assert.Equal("text", only.GetProperty("type").GetString());
        Assert.Equal(answer, only.GetProperty("data").GetProperty("text").GetString());
    }
}
