using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.Chat;

/// <summary>The rest of the OpenAI wire format: the answer's bound, sampling, and the usage the stream reports.</summary>
[Trait("Category", "Integration")]
public sealed class RequestOptionsTests
{
    [Fact]
    public async Task The_request_carries_max_tokens_temperature_and_top_p_as_configured()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_MAX_ANSWER_TOKENS"] = "500",
            ["GPT_TEMPERATURE"] = "0.3",
            ["GPT_TOP_P"] = "0.8",
        });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hi");
        var body = (await bot.Llm.NextRequestAsync()).Body;

        Assert.Equal(500, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.3, body.GetProperty("temperature").GetDouble(), 5);
        Assert.Equal(0.8, body.GetProperty("top_p").GetDouble(), 5);
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Without_sampling_settings_the_providers_defaults_apply()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt hi");
        var body = (await bot.Llm.NextRequestAsync()).Body;

        Assert.False(body.TryGetProperty("temperature", out _));
        Assert.False(body.TryGetProperty("top_p", out _));
        Assert.False(body.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task The_usage_is_read_from_the_stream()
    {
        await using var bot = await TestBot.StartAsync();
        var client = bot.Services.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("echo: hello", response.Text);
        Assert.Equal(FakeLlmServer.PromptTokens, response.Usage!.InputTokenCount);
        Assert.Equal("echo: hello".Length, response.Usage.OutputTokenCount);
    }
}
