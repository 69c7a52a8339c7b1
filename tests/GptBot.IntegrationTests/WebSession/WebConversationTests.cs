using GptBot.Testing;
using Microsoft.AspNetCore.Http;

namespace GptBot.IntegrationTests.WebSession;

/// <summary>GPT_BACKEND=web: the conversation protocol, threads per chat and nonebot-plugin-gpt's error texts.</summary>
[Trait("Category", "Integration")]
public sealed class WebConversationTests
{
    [Fact]
    public async Task Startup_refreshes_with_the_cookie_then_gpt_sends_the_seed_request_with_the_new_token()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartAsync(web);

        var session = await web.NextSessionRequestAsync();
        Assert.Equal(FakeChatGptWebServer.InitialSessionToken, session.SessionToken);
        Assert.Equal("/api/auth/session", session.Path);
        await using var qq = await bot.ConnectAsync();
        await qq.SendGroupMessageAsync(groupId: 20001, userId: 30001, "/gpt 你好");

        var request = await web.NextConversationRequestAsync();
        Assert.Equal("/backend-api/conversation", request.Path);
        Assert.Equal("Bearer at-1", request.Authorization);
        Assert.Contains("text/event-stream", request.Headers["Accept"], StringComparison.Ordinal);
        Assert.Equal("next", request.Body.GetProperty("action").GetString());
        Assert.Equal("text-davinci-002-render-sha", request.Body.GetProperty("model").GetString());
        Assert.Equal(1, request.Body.GetProperty("messages").GetArrayLength());
        Assert.Equal("user", request.Message.GetProperty("role").GetString());
        Assert.True(Guid.TryParse(request.Message.GetProperty("id").GetString(), out _));
        Assert.Equal("text", request.Message.GetProperty("content").GetProperty("content_type").GetString());
        Assert.Equal(["你好"], request.Message.GetProperty("content").GetProperty("parts").EnumerateArray().Select(p => p.GetString()));
        Assert.False(request.Body.TryGetProperty("conversation_id", out _));
        Assert.True(Guid.TryParse(request.ParentMessageId, out _));

        var reply = await qq.NextCallAsync();
        Assert.Equal("group", reply.MessageType);
        Assert.Equal(20001, reply.GroupId);
        Assert.Equal("echo: 你好", reply.Text);
        Assert.Equal(1, web.SessionCalls);
    }

    [Fact]
    public async Task A_chats_own_model_is_named_in_the_web_request()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web, settings: new Dictionary<string, string?> { ["GPT_MODELS"] = "text-davinci-002-render-sha,gpt-4o" });
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20001, WebBot.Sudoer, "/gpt_control model gpt-4o");
        Assert.Equal("本聊天的模型已切换为：gpt-4o", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(20001, 30001, "/gpt 你好");
        await qq.SendGroupMessageAsync(20002, 30001, "/gpt 你好");

        var models = new[] { await web.NextConversationRequestAsync(), await web.NextConversationRequestAsync() }
            .Select(request => request.Body.GetProperty("model").GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(["gpt-4o", "text-davinci-002-render-sha"], models);
    }

    [Fact]
    public async Task Each_chat_continues_its_own_thread_and_reset_context_starts_a_fresh_one()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt one");
        var first = await web.NextConversationRequestAsync();
        Assert.Equal("echo: one", await qq.NextSentTextAsync());

        // Another member of the same group shares the group's thread.
        await qq.SendGroupMessageAsync(20001, 30002, "/gpt two");
        var second = await web.NextConversationRequestAsync();
        Assert.Equal(first.AnsweredWith!.Value.ConversationId, second.ConversationId);
        Assert.Equal(first.AnsweredWith!.Value.MessageId, second.ParentMessageId);
        Assert.Equal("echo: two", await qq.NextSentTextAsync());

        await qq.SendGroupMessageAsync(20002, 30001, "/gpt other group");
        Assert.False((await web.NextConversationRequestAsync()).HasConversationId);
        await qq.NextSentTextAsync();
        await qq.SendPrivateMessageAsync(30001, "/gpt private");
        Assert.False((await web.NextConversationRequestAsync()).HasConversationId);
        await qq.NextSentTextAsync();

        await qq.SendGroupMessageAsync(20001, 30005, "/gpt_control reset_context");
        Assert.Equal("没有权限", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(20001, 30001, "/gpt three");
        var third = await web.NextConversationRequestAsync();
        Assert.Equal(second.AnsweredWith!.Value.MessageId, third.ParentMessageId);
        await qq.NextSentTextAsync();

        await qq.SendGroupMessageAsync(20001, WebBot.Sudoer, "/gpt_control reset_context");
        Assert.Equal("重置20001的上下文成功", await qq.NextSentTextAsync());
        await qq.SendGroupMessageAsync(20001, 30001, "/gpt four");
        var fresh = await web.NextConversationRequestAsync();
        Assert.False(fresh.HasConversationId);
        Assert.True(Guid.TryParse(fresh.ParentMessageId, out _));
        Assert.NotEqual(first.ParentMessageId, fresh.ParentMessageId);
        Assert.Equal("echo: four", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Cumulative_snapshots_stream_to_the_chat_line_by_line()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        var firstLineSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();

        web.ConversationHandler = async (_, context) =>
        {
            await FakeChatGptWebServer.WriteDataAsync(context, FakeChatGptWebServer.Frame("c1", "m1", "Hello\n"));
            await firstLineSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted);
            await FakeChatGptWebServer.StreamSnapshotsAsync(context, "c1", "m1", ["Hello\nWor", "Hello\nWorld"]);
        };
        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");

        // The first line arrives while the backend is still holding the rest of the answer back.
        Assert.Equal("Hello", await qq.NextSentTextAsync());
        firstLineSeen.SetResult();
        Assert.Equal("World", await qq.NextSentTextAsync());
        Assert.False(await qq.ReceivesCallWithinAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Theory]
    [InlineData(429, "Too Many Requests", "{\"detail\":\"Too many requests in 1 hour. Try again later.\"}", "application/json")]
    [InlineData(403, "Forbidden", "<!DOCTYPE html><html><script>window._cf_chl_opt={}</script></html>", "text/html")]
    [InlineData(500, "Internal Server Error", "Internal Server Error", "text/plain")]
    [InlineData(502, "Bad Gateway", "", "text/plain")]
    public async Task Http_errors_use_the_seed_text_and_do_not_refresh(int status, string reason, string body, string contentType)
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();
        web.ConversationHandler = (_, context) => FakeLlmServer.ErrorAsync(context, status, reason, body, contentType);

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");

        Assert.Equal($"error {status}: {reason}", await qq.NextSentTextAsync());
        Assert.Equal(1, web.SessionCalls);
    }

    [Fact]
    public async Task A_hanging_backend_gives_the_timeout_text()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web, settings: new Dictionary<string, string?> { ["GPT_TIMEOUT"] = "1" });
        await using var qq = await bot.ConnectAsync();
        web.ConversationHandler = (_, context) => FakeChatGptWebServer.HangAsync(context);

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");

        Assert.Equal("请求超时", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task An_error_inside_the_stream_follows_the_lines_already_sent()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();
        web.ConversationHandler = async (_, context) =>
        {
            await FakeChatGptWebServer.WriteDataAsync(context, FakeChatGptWebServer.Frame("c1", "m1", "Hello\n"));
            await FakeChatGptWebServer.WriteDataAsync(context, """{"message":null,"conversation_id":"c1","error":"Something went wrong."}""");
        };

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");

        Assert.Equal("Hello", await qq.NextSentTextAsync());
        Assert.Equal("LLM 在回答途中报错，请查看日志输出。", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_success_status_without_an_event_stream_is_reported_not_swallowed()
    {
        await using var web = await FakeChatGptWebServer.StartAsync();
        await using var bot = await WebBot.StartRefreshedAsync(web);
        await using var qq = await bot.ConnectAsync();
        web.ConversationHandler = (_, context) => context.Response.WriteAsync("""{"detail":"Only one message at a time."}""");

        await qq.SendGroupMessageAsync(20001, 30001, "/gpt hi");

        Assert.Equal("请求失败，请查看日志输出。", await qq.NextSentTextAsync());
    }

    [Fact]
    public async Task A_base_url_with_a_path_prefix_keeps_it_for_both_endpoints()
    {
        await using var web = await FakeChatGptWebServer.StartAsync(pathPrefix: "/proxy");
        await using var bot = await WebBot.StartAsync(web);

        Assert.Equal("/proxy/api/auth/session", (await web.NextSessionRequestAsync()).Path);
        await using var qq = await bot.ConnectAsync();
        await qq.SendPrivateMessageAsync(30001, "/gpt hi");
        Assert.Equal("/proxy/backend-api/conversation", (await web.NextConversationRequestAsync()).Path);
        Assert.Equal("echo: hi", await qq.NextSentTextAsync());
    }
}
