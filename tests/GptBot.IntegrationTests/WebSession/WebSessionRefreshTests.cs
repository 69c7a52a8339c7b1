using GptBot.Testing;
using Microsoft.AspNetCore.Http;

namespace GptBot.IntegrationTests.WebSession;

/// <summary>GPT_BACKEND=web: access-token refresh on 401, single-flight, failure texts, cookie rotation and persistence.</summary>
[Trait("Category", "Integration")]
public sealed class WebSessionRefreshTests
{
    [Fact]
    public async Task An_expired_token_is_refreshed_with_the_rotated_cookie_and_the_prompt_retried_once()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();
        web.ExpireAccessTokens();

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");

        Assert.Equal("Bearer at-1", (await web.NextConversationRequestAsync()).Authorization);
        Assert.Equal("sess-1", (await web.NextSessionRequestAsync()).SessionToken);
        var retry = await web.NextConversationRequestAsync();
        Assert.Equal("Bearer at-2", retry.Authorization);
        Assert.Equal("hi", retry.Prompt);
        Assert.Equal("echo: hi", await qq.NextSentTextAsync());
        Assert.Equal(2, web.SessionCalls);
    }

    [Fact]
    public async Task Fifty_chats_hitting_an_expired_token_cause_one_refresh()
    {
        const int Chats = 50;
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();
        web.ExpireAccessTokens();
        // The refresh answers only once every chat has been refused, so all fifty overlap with it.
        web.SessionHandler = async (request, context) =>
        {
            await web.WhenRejectedAsync(Chats, TimeSpan.FromSeconds(10));
            await web.AnswerSessionAsync(request, context);
        };

        for (var i = 0; i < Chats; i++)
        {
            await qq.SendGroupMessageAsync(21000 + i, 30001, $"/gpt n{i}");
        }

        var replies = new List<(long Group, string Text)>();
        for (var i = 0; i < Chats; i++)
        {
            var call = await qq.NextCallAsync(timeout: TimeSpan.FromSeconds(20));
            replies.Add((call.GroupId!.Value, call.Text));
        }

        Assert.Equal(Enumerable.Range(0, Chats).Select(i => (21000L + i, $"echo: n{i}")), replies.OrderBy(r => r.Group));
        Assert.Equal(2, web.SessionCalls); // the startup refresh and exactly one more
        Assert.Equal(Chats, web.RejectedConversations);
    }

    [Theory]
    [InlineData("html403")]
    [InlineData("empty")]
    [InlineData("error")]
    [InlineData("hang")]
    public async Task A_failed_refresh_after_401_tells_the_chat(string sessionFailure)
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web, settings: new Dictionary<string, string?> { ["GPT_TIMEOUT"] = "2" });
        await using var qq = await bot.ConnectAsync();
        web.ExpireAccessTokens();
        web.SessionHandler = (_, context) => sessionFailure switch
        {
            "html403" => FakeLlmServer.ErrorAsync(context, 403, "Forbidden", "<!DOCTYPE html><html><title>Just a moment...</title></html>", "text/html"),
            "empty" => Json(context, "{}"),
            "error" => Json(context, """{"error":"RefreshAccessTokenError"}"""),
            _ => FakeChatGptWebServer.HangAsync(context),
        };

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");

        var expected = sessionFailure == "hang" ? "请求超时" : "token 过期，但刷新失败，请查看日志输出。";
        Assert.Equal(expected, await qq.NextSentTextAsync());
        Assert.Equal(2, web.SessionCalls);
        await web.NextConversationRequestAsync();
        Assert.False(await web.ReceivesConversationRequestWithinAsync(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task A_refreshed_token_refused_again_tells_the_chat_to_retry()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();
        web.RejectAllAccessTokens = true;

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");

        Assert.Equal("token 过期，已刷新成功，请重试。", await qq.NextSentTextAsync());
        Assert.Equal(2, web.SessionCalls);
        Assert.Equal(2, web.RejectedConversations);
    }

    [Fact]
    public async Task Refresh_session_by_a_sudoer_uses_the_rotated_cookie_and_others_are_refused()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt_control refresh_session");
        Assert.Equal("没有权限", await qq.NextSentTextAsync());
        Assert.False(await web.ReceivesSessionRequestWithinAsync(TimeSpan.FromMilliseconds(100)));

        await qq.SendGroupMessageAsync(20001, WebBot.Sudoer, "/gpt_control refresh_session");
        Assert.Equal("sess-1", (await web.NextSessionRequestAsync()).SessionToken);
        Assert.Equal("刷新成功", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");
        Assert.Equal("Bearer at-2", (await web.NextConversationRequestAsync()).Authorization);
        Assert.Equal("echo: hi", await qq.NextSentTextAsync());

        web.SessionHandler = (_, context) => Json(context, "{}");
        await qq.SendPrivateMessageAsync(WebBot.Sudoer, "/gpt_control refresh_session");
        Assert.Equal("刷新失败，请到控制台查看报错。", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task The_rotated_cookie_survives_a_restart_in_the_data_directory()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gptbot-tests", Guid.NewGuid().ToString("N"));
        await using (var first = await WebBot.StartRefreshedAsync(web, dataDirectory))
        {
            await using var qq = await first.ConnectAsync();
            await qq.SendPrivateMessageAsync(30001, "/gpt hi");
            Assert.Equal("Bearer at-1", (await web.NextConversationRequestAsync()).Authorization);
            Assert.Equal("echo: hi", await qq.NextSentTextAsync());
        }

        var file = Path.Combine(dataDirectory, "web-session.json");
        Assert.Contains("\"sess-1\"", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        // The fake no longer accepts sess-0 (GPT_SESSION_TOKEN in .env): only the saved cookie works.
        await using var second = await WebBot.StartAsync(web, dataDirectory);
        Assert.Equal("sess-1", (await web.NextSessionRequestAsync()).SessionToken);
        await using var qq2 = await second.ConnectAsync();
        await qq2.SendPrivateMessageAsync(30001, "/gpt again");
        Assert.Equal("Bearer at-2", (await web.NextConversationRequestAsync()).Authorization);
        Assert.Equal("echo: again", await qq2.NextSentTextAsync());
    }

    [Fact]
    public async Task A_failed_startup_refresh_is_not_fatal_and_the_initial_access_token_is_used()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        web.SessionHandler = (_, context) => Json(context, "{}");
        web.AcceptAccessToken(WebBot.InitialAccessToken);
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");

        Assert.Equal("Bearer " + WebBot.InitialAccessToken, (await web.NextConversationRequestAsync()).Authorization);
        Assert.Equal("echo: hi", await qq.NextSentTextAsync());
    }

    private static Task Json(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }
}
