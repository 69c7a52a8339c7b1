using System.Text.Json.Nodes;
using GptBot.Chat.Replies;
using GptBot.IntegrationTests.Infrastructure;
using GptBot.Testing;
using SkiaSharp;

namespace GptBot.IntegrationTests.Replies;

/// <summary>Long answers end to end in each reply mode, and the delivery cascade when the implementation refuses.</summary>
[Trait("Category", "Integration")]
public sealed class LongReplyTests
{
    private const long Group = 20002;

    private static bool IsReply(ApiCall call) => call.IsSend || call.IsForward();

    [Fact]
    public async Task A_10000_char_answer_in_stream_mode_arrives_complete_in_order_as_a_handful_of_messages()
    {
        var answer = ReplyCalls.LongAnswer(10_000);
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_MESSAGES_PER_SECOND"] = "20",
            ["GPT_STREAM_COALESCE_MS"] = "200",
        });
        bot.Llm.DefaultAnswer = _ => answer;
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 写一篇长文");

        var received = new List<string>();
        while (ReplyCalls.Squash(string.Concat(received)).Length < ReplyCalls.Squash(answer).Length)
        {
            var call = await qq.NextCallAsync(IsReply);
            Assert.Equal("send_msg", call.Action);
            received.Add(call.Text);
        }

        Assert.Equal(ReplyCalls.Squash(answer), ReplyCalls.Squash(string.Concat(received)));
        Assert.All(received, text => Assert.InRange(text.Length, 1, 1500));
        Assert.InRange(received.Count, 7, 12);
    }

    [Fact]
    public async Task Paced_delivery_that_outlasts_GPT_TIMEOUT_still_arrives_complete_without_a_timeout_notice()
    {
        // Five messages at two per second take about two seconds; the model answered well within GPT_TIMEOUT=1.
        var answer = ReplyCalls.LongAnswer(900);
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_TIMEOUT"] = "1",
            ["GPT_REPLY_MODE"] = "whole",
            ["GPT_MESSAGE_MAX_LENGTH"] = "200",
            ["GPT_MESSAGES_PER_SECOND"] = "2",
        });
        bot.Llm.DefaultAnswer = _ => answer;
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 问题");

        var received = new List<string>();
        while (ReplyCalls.Squash(string.Concat(received)).Length < ReplyCalls.Squash(answer).Length)
        {
            received.Add((await qq.NextCallAsync(IsReply)).Text);
        }

        Assert.True(received.Count >= 5, $"expected at least 5 messages of at most 200 chars, got {received.Count}");
        Assert.Equal(ReplyCalls.Squash(answer), ReplyCalls.Squash(string.Concat(received)));
        Assert.DoesNotContain(qq.Calls, call => call.Text == ChatTexts.Timeout);
    }

    [Fact]
    public async Task A_refused_text_goes_out_as_a_forward_and_the_group_starts_there_next_time()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_REPLY_MODE"] = "whole", ["GPT_MESSAGES_PER_SECOND"] = "50" });
        var answers = new Queue<string>([ReplyCalls.LongAnswer(3000, "甲"), ReplyCalls.LongAnswer(2000, "乙")]);
        bot.Llm.DefaultAnswer = _ => answers.Dequeue();
        var expected = answers.ToArray();
        await using var qq = await bot.ConnectAsync();
        qq.Responder = call => call.IsSend ? FakeOneBotPeer.Failed(1200, "发送消息失败") : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 第一个问题");
        Assert.Equal("send_msg", (await qq.NextCallAsync(IsReply)).Action);
        var forward = await qq.NextCallAsync(IsReply);

        Assert.Equal("send_group_forward_msg", forward.Action);
        Assert.Equal(ReplyCalls.Squash(expected[0]), ReplyCalls.Squash(string.Concat(forward.NodeTexts())));
        Assert.All(forward.NodeTexts(), node => Assert.True(node.Length <= 1500));

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 第二个问题");
        var second = await qq.NextCallAsync(IsReply);
        Assert.Equal("send_group_forward_msg", second.Action);
        Assert.Equal(ReplyCalls.Squash(expected[1]), ReplyCalls.Squash(string.Concat(second.NodeTexts())));
    }

    [Fact]
    public async Task A_text_send_that_is_never_answered_times_out_and_arrives_as_a_forward()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["ONEBOT_API_TIMEOUT"] = "1", ["GPT_REPLY_MODE"] = "whole", ["GPT_MESSAGES_PER_SECOND"] = "50" });
        var answer = ReplyCalls.LongAnswer(800);
        bot.Llm.DefaultAnswer = _ => answer;
        await using var qq = await bot.ConnectAsync();
        qq.Responder = call => call.IsSend ? null : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 问题");

        Assert.Equal("send_msg", (await qq.NextCallAsync(IsReply)).Action);
        var forward = await qq.NextCallAsync(IsReply, TimeSpan.FromSeconds(5));
        Assert.Equal("send_group_forward_msg", forward.Action);
        Assert.Equal(ReplyCalls.Squash(answer), ReplyCalls.Squash(string.Concat(forward.NodeTexts())));
    }

    [Fact]
    public async Task With_text_and_forward_refused_the_answer_arrives_as_a_readable_image_and_the_group_remembers_it()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_MESSAGES_PER_SECOND"] = "50" });
        bot.Llm.DefaultAnswer = _ => ReplyCalls.LongAnswer(600);
        await using var qq = await bot.ConnectAsync();
        qq.Responder = call => call.HasImage() || !(call.IsSend || call.IsForward())
            ? FakeOneBotPeer.DefaultResponder(call)
            : FakeOneBotPeer.Failed(100, "风控");

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 第一个问题");
        Assert.True((await qq.NextCallAsync(IsReply)).IsPlainText());
        Assert.True((await qq.NextCallAsync(IsReply)).IsForward());
        var image = await qq.NextCallAsync(IsReply);

        using var bitmap = SKBitmap.Decode(image.ImageBytes());
        Assert.InRange(bitmap.Width, 300, 800);
        Assert.True(bitmap.Height > 200, $"a 600-char answer should be many lines tall, got {bitmap.Height} px");

        // The next long answer in this group goes straight to the image; nothing was refused this time.
        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 第二个问题");
        Assert.True((await qq.NextCallAsync(IsReply)).HasImage());
        Assert.DoesNotContain(qq.Calls, call => call.Action == "send_msg" && call.Text == ChatTexts.ReplyUndelivered);
    }

    [Fact]
    public async Task When_every_form_is_refused_the_group_is_told_the_answer_could_not_be_delivered()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_MESSAGES_PER_SECOND"] = "50" });
        bot.Llm.DefaultAnswer = _ => ReplyCalls.LongAnswer(400);
        await using var qq = await bot.ConnectAsync();
        qq.Responder = call => call.IsSend && call.Text == ChatTexts.ReplyUndelivered
            ? FakeOneBotPeer.DefaultResponder(call)
            : call.IsSend || call.IsForward() ? FakeOneBotPeer.Failed(1200, "发送消息失败") : FakeOneBotPeer.DefaultResponder(call);

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 问题");

        var forms = new List<string>();
        ApiCall call;
        do
        {
            call = await qq.NextCallAsync(IsReply);
            forms.Add(call.IsForward() ? "forward" : call.HasImage() ? "image" : "text");
        }
        while (call.Text != ChatTexts.ReplyUndelivered);

        Assert.Equal(["text", "forward", "image", "text"], forms);
    }

    [Theory]
    [InlineData("forward", 2000, "forward")]
    [InlineData("forward", 100, "text")]
    [InlineData("image", 150, "image")]
    [InlineData("image", 100, "text")]
    public async Task The_reply_mode_chooses_the_form_by_length(string mode, int length, string expectedForm)
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?> { ["GPT_REPLY_MODE"] = mode });
        var answer = string.Concat(Enumerable.Repeat("字", length));
        bot.Llm.DefaultAnswer = _ => answer;
        await using var qq = await bot.ConnectAsync();

        await qq.SendPrivateMessageAsync(30003, "/gpt 问题");

        var call = await qq.NextCallAsync(IsReply);
        Assert.Equal(expectedForm, call.IsForward() ? "forward" : call.HasImage() ? "image" : "text");
        if (expectedForm == "text")
        {
            Assert.Equal(answer, call.Text);
        }
    }

    [Fact]
    public async Task With_quoting_on_the_first_message_of_a_group_answer_quotes_the_asker_and_the_rest_do_not()
    {
        await using var bot = await TestBot.StartAsync(new Dictionary<string, string?>
        {
            ["GPT_REPLY_QUOTE"] = "true",
            ["GPT_REPLY_MODE"] = "whole",
            ["GPT_MESSAGE_MAX_LENGTH"] = "200",
            ["GPT_MESSAGES_PER_SECOND"] = "50",
        });
        bot.Llm.DefaultAnswer = _ => ReplyCalls.LongAnswer(500);
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 问题", messageId: 4242);

        Assert.Equal(4242, (await qq.NextCallAsync(IsReply)).QuotedId());
        Assert.Null((await qq.NextCallAsync(IsReply)).QuotedId());
    }

    [Fact]
    public async Task Quoting_is_off_by_default()
    {
        await using var bot = await TestBot.StartAsync();
        await using var qq = await bot.ConnectAsync();

        await qq.SendGroupMessageAsync(Group, 30003, "/gpt 你好", messageId: 4242);

        Assert.Null((await qq.NextCallAsync(IsReply)).QuotedId());
    }
}
