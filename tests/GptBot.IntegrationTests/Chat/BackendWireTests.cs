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

    [Theory]
    [InlineData("qwen2.5:7b", "max_tokens", "max_completion_tokens")]
    [InlineData("gpt-4o-mini", "max_tokens", "max_completion_tokens")]
    [InlineData("o3-mini", "max_completion_tokens", "max_tokens")]
    [InlineData("gpt-5-mini", "max_completion_tokens", "max_tokens")]
    public async Task The_answer_limit_goes_to_the_api_in_the_field_the_model_takes(string model, string field, string absent)
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_MODEL"] = model,
            ["GPT_MAX_ANSWER_TOKENS"] = "321",
        });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hi");
        var request = await bot.Llm.NextRequestAsync();

        Assert.True(request.Body.TryGetProperty(field, out var limit), $"no {field} in {request.Body}");
        Assert.Equal(321, limit.GetInt32());
        Assert.False(request.Body.TryGetProperty(absent, out _));
        Assert.Equal("echo: hi", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task No_answer_limit_is_sent_when_gpt_max_answer_tokens_is_zero()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_MAX_ANSWER_TOKENS"] = "0" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hi");
        var request = await bot.Llm.NextRequestAsync();

        Assert.Equal(["model", "stream", "stream_options", "messages"], request.Body.EnumerateObject().Select(p => p.Name));
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
