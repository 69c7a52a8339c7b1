using System.Text.Json.Nodes;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;

namespace GptBot.IntegrationTests.Vision;

/// <summary>Images in a /gpt message reach the model as image parts (GPT_VISION), and only from the sources allowed.</summary>
[Trait("Category", "Integration")]
public sealed class ImageInputTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> VisionOn = new() { ["GPT_VISION"] = "true" };
    private FakeImageServer _images = null!;

    public async ValueTask InitializeAsync() => _images = await FakeImageServer.StartAsync();

    public async ValueTask DisposeAsync() => await _images.DisposeAsync();

    [Theory]
    [InlineData("NapCat")]
    [InlineData("go-cqhttp")]
    public async Task An_image_url_goes_to_the_model_as_a_data_url_of_its_real_type(string personaName)
    {
        await using var bot = await TestBot.StartAsync(VisionOn);
        await using var qq = await bot.ConnectAsync(persona: personaName == "NapCat" ? OneBotPersona.NapCat : OneBotPersona.GoCqhttp);
        var url = _images.Add("cat.jpg", FakeImageServer.TinyJpeg); // served as application/octet-stream

        await qq.SendGroupMessageAsync(20002, 30003, $"/gpt 这是什么[CQ:image,file=cat.jpg,url={url}]", card: "Alice");

        var request = await bot.Llm.NextRequestAsync();
        Assert.Equal(["data:image/jpeg;base64," + Convert.ToBase64String(FakeImageServer.TinyJpeg)], request.LastUserImageUrls);
        Assert.Equal("Alice: 这是什么", request.LastUserContent);
        Assert.Equal("echo: Alice: 这是什么", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Base64_data_is_sent_as_given_and_the_history_keeps_only_a_placeholder()
    {
        await using var bot = await TestBot.StartAsync(VisionOn);
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt 描述一下[CQ:image,file=base64://" + Convert.ToBase64String(FakeImageServer.TinyPng) + "]");
        var first = await bot.Llm.NextRequestAsync();
        await qq.NextSentTextAsync();
        await qq.SendPrivateMessageAsync(30003, "/gpt 还有呢");
        var second = await bot.Llm.NextRequestAsync();

        Assert.Equal(["data:image/png;base64," + Convert.ToBase64String(FakeImageServer.TinyPng)], first.LastUserImageUrls);
        Assert.Equal(("user", "[图片] 描述一下"), second.Messages[0]);
        Assert.DoesNotContain(Convert.ToBase64String(FakeImageServer.TinyPng), System.Text.Encoding.UTF8.GetString(second.RawBody.Span), StringComparison.Ordinal);
        Assert.Empty(second.LastUserImageUrls);
    }

    [Fact]
    public async Task A_file_url_or_local_path_is_never_read()
    {
        // A real file with bytes no other image has: if the bot read it, they would be in the request.
        var secret = FakeImageServer.TinyPng.Concat("SECRET-LOCAL-FILE"u8.ToArray()).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"gptbot-local-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, secret, TestContext.Current.CancellationToken);
        try
        {
            await using var bot = await TestBot.StartAsync(VisionOn);
            await using var qq = await bot.ConnectAsync();

            await qq.SendPrivateMessageAsync(30003, $"/gpt 看图[CQ:image,file=file://{path}][CQ:image,file={path}]");

            var request = await bot.Llm.NextRequestAsync();
            Assert.Empty(request.LastUserImageUrls);
            Assert.Equal("看图[图片][图片]", request.LastUserContent);
            Assert.DoesNotContain(Convert.ToBase64String(secret), System.Text.Encoding.UTF8.GetString(request.RawBody.Span), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task With_vision_off_images_are_not_fetched_and_the_request_is_text()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();
        var url = _images.Add("a.png", FakeImageServer.TinyPng);

        await qq.SendPrivateMessageAsync(30003, $"/gpt 这是什么[CQ:image,file=a.png,url={url}]");

        var request = await bot.Llm.NextRequestAsync();
        Assert.Equal("这是什么", request.Body.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(0, _images.RequestCount);
    }

    [Fact]
    public async Task The_quoted_messages_image_is_shown_too()
    {
        await using var bot = await TestBot.StartAsync(VisionOn);
        await using var qq = await bot.ConnectAsync();
        var url = _images.Add("quoted.png", FakeImageServer.TinyPng);
        qq.Responder = call => call.Action == "get_msg"
            ? FakeOneBotPeer.Ok(new JsonObject
            {
                ["message_id"] = 555,
                ["sender"] = new JsonObject { ["user_id"] = 40004 },
                ["message"] = new JsonArray(new JsonObject { ["type"] = "image", ["data"] = new JsonObject { ["file"] = "quoted.png", ["url"] = url } }),
            })
            : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendGroupMessageAsync(20002, 30003, "[CQ:reply,id=555]/gpt 图里是什么", card: "Bob");

        var request = await bot.Llm.NextRequestAsync();
        Assert.Equal(["data:image/png;base64," + Convert.ToBase64String(FakeImageServer.TinyPng)], request.LastUserImageUrls);
    }

    [Fact]
    public async Task Only_an_image_after_gpt_is_answered_when_vision_is_on()
    {
        await using var bot = await TestBot.StartAsync(VisionOn);
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt [CQ:image,file=base64://" + Convert.ToBase64String(FakeImageServer.TinyPng) + "]");

        var request = await bot.Llm.NextRequestAsync();
        Assert.Single(request.LastUserImageUrls);
    }

    [Fact]
    public async Task A_hanging_image_server_costs_the_fetch_limit_and_the_model_still_answers()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_VISION"] = "true", ["GPT_TIMEOUT"] = "30" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, $"/gpt 这是什么[CQ:image,file=x.png,url={_images.HangingUrl}]");

        var request = await bot.Llm.NextRequestAsync(TimeSpan.FromSeconds(25));
        Assert.Equal("这是什么[图片]", request.LastUserContent);
        Assert.Empty(request.LastUserImageUrls);
    }

    [Fact]
    public async Task A_model_that_refuses_images_gets_a_clear_text()
    {
        await using var bot = await TestBot.StartAsync(VisionOn);
        await using var qq = await bot.ConnectAsync();
        bot.Llm.Handler = (_, context) => FakeLlmServer.ErrorAsync(context, 400, "Bad Request",
            """{"error":{"message":"Invalid content type. image_url is only supported by certain models.","type":"invalid_request_error","code":null}}""");

        await qq.SendPrivateMessageAsync(30003, "/gpt 看[CQ:image,file=base64://" + Convert.ToBase64String(FakeImageServer.TinyPng) + "]");

        Assert.Equal("当前模型不支持识别图片，请只发文字，或请管理员换用支持图片的模型。", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task An_image_over_the_size_limit_is_left_out_unread_past_the_limit()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_VISION"] = "true", ["GPT_IMAGE_INPUT_MAX_BYTES"] = "1024" });
        await using var qq = await bot.ConnectAsync();
        var big = FakeImageServer.TinyPng.Concat(new byte[4096]).ToArray();
        var small = _images.Add("small.png", FakeImageServer.TinyPng);
        var large = _images.Add("large.png", big);

        await qq.SendPrivateMessageAsync(30003, $"/gpt 比较[CQ:image,file=a.png,url={small}][CQ:image,file=b.png,url={large}]");

        var request = await bot.Llm.NextRequestAsync();
        Assert.Equal(["data:image/png;base64," + Convert.ToBase64String(FakeImageServer.TinyPng)], request.LastUserImageUrls);
        Assert.Contains("[图片]", request.LastUserContent, StringComparison.Ordinal);
    }
}
