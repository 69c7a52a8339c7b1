using System.Text.Json;
using System.Text.Json.Nodes;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using GptBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.IntegrationTests.OneBot;

/// <summary>Action calls as they show on the wire between the real host and a fake implementation.</summary>
[Trait("Category", "Integration")]
public sealed class ActionWireTests : IAsyncLifetime
{
    private TestBot _bot = null!;
    private FakeOneBotPeer _qq = null!;

    private IOneBotApi Api => _bot.Services.GetRequiredService<IOneBotApi>();

    public async ValueTask InitializeAsync()
    {
        _bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["ONEBOT_API_TIMEOUT"] = "1" });
        _qq = await _bot.ConnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _qq.DisposeAsync();
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task Calls_carry_unique_string_echoes_and_answers_in_reverse_order_reach_the_right_call()
    {
        _qq.Responder = _ => null;
        var calls = Enumerable.Range(1, 5)
            .Select(i => Api.CallAsync(10001, "get_msg", w => w.WriteNumber("message_id", i), CancellationToken.None))
            .ToArray();
        var seen = new List<ApiCall>();
        for (var i = 0; i < calls.Length; i++)
        {
            seen.Add(await _qq.NextCallAsync(c => c.Action == "get_msg"));
        }

        Assert.All(seen, call => Assert.False(string.IsNullOrEmpty(call.Echo)));
        Assert.Equal(seen.Count, seen.Select(c => c.Echo).Distinct().Count());
        foreach (var call in Enumerable.Reverse(seen))
        {
            var id = call.Params.GetProperty("message_id").GetInt32();
            await Answer(call.Echo, $$"""{"status":"ok","retcode":0,"data":{"message_id":{{id}},"sender":{"user_id":{{id * 100}}} } }""");
        }

        for (var i = 0; i < calls.Length; i++)
        {
            var response = await calls[i];
            Assert.Equal((i + 1) * 100, response.Data.GetProperty("sender").GetProperty("user_id").GetInt32());
        }
    }

    [Fact]
    public async Task Failed_answer_surfaces_retcode_and_wording()
    {
        _qq.Responder = _ => FakeOneBotPeer.Failed(1200, "Timeout: NTEvent sendMsg");

        var response = await Api.CallAsync(10001, "send_msg", null, CancellationToken.None);

        Assert.False(response.IsSuccess);
        Assert.Equal(1200, response.Retcode);
        Assert.Equal("Timeout: NTEvent sendMsg", response.Wording);
    }

    [Fact]
    public async Task An_answer_without_status_is_a_failure()
    {
        _qq.Responder = _ => new JsonObject();

        var response = await Api.CallAsync(10001, "send_msg", null, CancellationToken.None);

        Assert.False(response.IsSuccess);
    }

    [Theory]
    [InlineData("""{"status":"ok","retcode":0,"data":null}""")]
    [InlineData("""{"status":"async","retcode":1,"data":null}""")]
    [InlineData("""{"status":"ok","retcode":0,"data":{}}""")]
    public async Task A_send_answered_without_a_message_id_is_a_success(string answer)
    {
        _qq.Responder = _ => JsonNode.Parse(answer)!.AsObject();

        var response = await Api.SendMessageAsync(10001, isGroup: false, 30003, [MessageSegment.CreateText("hi")], CancellationToken.None);

        Assert.True(response.IsSuccess);
        Assert.Null(response.MessageId);
    }

    [Fact]
    public async Task NapCat_stream_frames_and_duplicate_answers_are_tolerated()
    {
        _qq.Responder = _ => null;
        var call = Api.CallAsync(10001, "download_file_stream", null, CancellationToken.None);
        var echo = (await _qq.NextCallAsync(c => c.Action == "download_file_stream")).Echo;

        await Answer(echo, """{"status":"ok","retcode":0,"data":{"type":"stream","data":"a"},"stream":"stream-action"}""");
        await Answer(echo, """{"status":"ok","retcode":0,"data":{"type":"response","data":"done"},"stream":"stream-action"}""");
        await Answer(echo, """{"status":"ok","retcode":0,"data":{"type":"response","data":"again"},"stream":"stream-action"}""");

        Assert.Equal("done", (await call).Data.GetProperty("data").GetString());
        await _qq.SendPrivateMessageAsync(30003, "/gpt still fine");
        Assert.Equal("echo: still fine", await _qq.NextSentTextAsync());
    }

    [Fact]
    public async Task Answers_with_unknown_echoes_are_dropped()
    {
        await Answer("999999", """{"status":"ok","retcode":0,"data":null}""");
        await _qq.SendJsonAsync("""{"status":"failed","retcode":1400,"data":null,"echo":null}""");

        await _qq.SendPrivateMessageAsync(30003, "/gpt still fine");
        Assert.Equal("echo: still fine", await _qq.NextSentTextAsync());
    }

    [Fact]
    public async Task An_unanswered_call_times_out_after_the_configured_limit()
    {
        _qq.Responder = _ => null;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<OneBotActionException>(() => Api.CallAsync(10001, "send_msg", null, CancellationToken.None));

        Assert.Equal(ActionFailureKind.Timeout, error.Kind);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Group_reply_is_send_msg_with_group_type_and_id_and_model_text_stays_text()
    {
        _bot.Llm.DefaultAnswer = _ => "[CQ:at,qq=all] 大家好";

        await _qq.SendGroupMessageAsync(20002, 30003, "[CQ:at,qq=10001] /gpt 你好");

        var call = await _qq.NextCallAsync();
        Assert.Equal("send_msg", call.Action);
        Assert.Equal("group", call.MessageType);
        Assert.Equal(JsonValueKind.Number, call.Params.GetProperty("group_id").ValueKind);
        Assert.Equal(20002, call.GroupId);
        var segments = call.Params.GetProperty("message").EnumerateArray().ToArray();
        Assert.DoesNotContain(segments, s => s.GetProperty("type").GetString() == "at");
        Assert.All(segments, s => Assert.All(s.GetProperty("data").EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind)));
        Assert.Contains("[CQ:at,qq=all] 大家好", call.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Private_reply_is_send_msg_with_private_type_and_user_id()
    {
        await _qq.SendPrivateMessageAsync(30003, "/gpt hi");

        var call = await _qq.NextCallAsync();
        Assert.Equal("private", call.MessageType);
        Assert.Equal(30003, call.UserId);
        Assert.False(call.Params.TryGetProperty("group_id", out _));
    }

    [Fact]
    public async Task Forward_message_is_an_array_of_node_segments_with_string_ids()
    {
        _qq.Responder = _ => FakeOneBotPeer.Ok(new JsonObject { ["message_id"] = 77, ["forward_id"] = "fw-1", ["res_id"] = "res-1" });

        var response = await Api.SendForwardAsync(10001, isGroup: true, 20002, 10001, "GptBot", [[MessageSegment.CreateText("第一段")], [MessageSegment.CreateText("第二段")]], CancellationToken.None);

        Assert.True(response.IsSuccess);
        Assert.Equal(77, response.MessageId);
        var call = await _qq.NextCallAsync(c => c.Action == "send_group_forward_msg");
        Assert.Equal(20002, call.GroupId);
        var nodes = call.Params.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(2, nodes.Length);
        Assert.All(nodes, node =>
        {
            Assert.Equal("node", node.GetProperty("type").GetString());
            var data = node.GetProperty("data");
            Assert.Equal("10001", data.GetProperty("user_id").GetString());
            Assert.Equal("GptBot", data.GetProperty("nickname").GetString());
            Assert.Equal(JsonValueKind.Array, data.GetProperty("content").ValueKind);
        });
        Assert.Equal("第二段", FakeOneBotPeer.TextOf(nodes[1].GetProperty("data").GetProperty("content")));
    }

    private Task Answer(string? echo, string answer) =>
        _qq.SendJsonAsync(answer.Insert(1, $"\"echo\":{JsonSerializer.Serialize(echo)},"));
}
