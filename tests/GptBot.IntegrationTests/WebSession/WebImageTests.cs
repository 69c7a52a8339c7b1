using GptBot.Testing;

namespace GptBot.IntegrationTests.WebSession;

/// <summary>The web protocol carries text only: with GPT_VISION an image gets a clear "not supported" instead of an answer blind to it.</summary>
[Trait("Category", "Integration")]
public sealed class WebImageTests
{
    [Fact]
    public async Task An_image_with_the_web_backend_is_answered_with_images_not_supported()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web, settings: new Dictionary<string, string?> { ["GPT_VISION"] = "true" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30001, "/gpt 这是什么[CQ:image,file=base64://" + Convert.ToBase64String(FakeImageServer.TinyPng) + "]");

        Assert.Equal("当前后端不支持图片，请只发文字。", await qq.NextSentTextAsync());
        await qq.SendPrivateMessageAsync(30001, "/gpt 你好");
        Assert.Equal(["你好"], (await web.NextConversationRequestAsync()).Message.GetProperty("content").GetProperty("parts").EnumerateArray().Select(p => p.GetString()));
    }
}
