using GptBot.Chat.Dispatch;
using GptBot.Chat.Model;

namespace GptBot.Tests.Chat.Dispatch;

/// <summary>
/// The refusals: over-long prompts, members over the rate, full queues, strangers' /gpt_control and a backlog past
/// GPT_INTERVAL_MAX_WAIT; each told at most once a minute per member and kind, on the paced path, quoting only as
/// GPT_REPLY_QUOTE says.
/// </summary>
public sealed partial class ChatDispatcherTests
{
    [Fact]
    public async Task A_prompt_over_the_length_limit_is_refused_and_never_reaches_the_llm()
    {
        var dispatcher = Dispatcher(chat => chat.MaxPromptLength = 10);
        var tooLong = Message(Private, "/gpt " + new string('长', 11));

        Assert.Equal(DispatchOutcome.TooLong, dispatcher.Dispatch(tooLong));

        var notice = await _transport.NextAsync();
        Assert.Equal("问题太长了（最多 10 字），请缩短后再发。", notice.Text);
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Private, "/gpt " + new string('短', 10))));
        Assert.Equal("echo: " + new string('短', 10), (await _transport.NextAsync()).Text);
        Assert.Single(_llm.Prompts);
    }

    [Fact]
    public async Task A_long_message_that_only_won_the_probability_roll_is_refused_silently()
    {
        var dispatcher = Dispatcher(chat =>
        {
            chat.Probability = 1;
            chat.MaxPromptLength = 10;
        });

        Assert.Equal(DispatchOutcome.TooLong, dispatcher.Dispatch(Message(Private, new string('长', 11))));

        dispatcher.Dispatch(Message(Private, "/gpt marker"));
        Assert.Equal("echo: marker", (await _transport.NextAsync()).Text);
    }

    [Fact]
    public async Task A_member_over_the_rate_limit_is_told_once_and_other_members_and_chats_keep_their_own_count()
    {
        var dispatcher = Dispatcher(chat => chat.UserRateLimitPerMinute = 2);
        _llm.Release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Group, "/gpt q1", sender: 30003)));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Group, "/gpt q2", sender: 30003)));
        Assert.Equal(DispatchOutcome.RateLimited, dispatcher.Dispatch(Message(Group, "/gpt q3", sender: 30003)));
        Assert.Equal(DispatchOutcome.RateLimited, dispatcher.Dispatch(Message(Group, "/gpt q4", sender: 30003)));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Group, "/gpt someone else", sender: 30004)));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(ConversationKey.Private(10001, 30003), "/gpt private", sender: 30003)));

        // Told once, before any answer (the answers are held at the LLM).
        var notice = await _transport.NextAsync();
        Assert.Equal("你发得太快了，请稍后再试。", notice.Text);
        _llm.Release.SetResult();
        var answers = new[] { await _transport.NextAsync(), await _transport.NextAsync(), await _transport.NextAsync(), await _transport.NextAsync() };
        Assert.DoesNotContain(answers, answer => answer.Text.Contains("q3", StringComparison.Ordinal) || answer.Text.Contains("q4", StringComparison.Ordinal));
        Assert.Single(_transport.All, sent => sent.Reply.Text == "你发得太快了，请稍后再试。");
    }

    [Fact]
    public async Task A_private_chat_over_the_rate_limit_is_refused_too()
    {
        var dispatcher = Dispatcher(chat => chat.UserRateLimitPerMinute = 2);

        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Private, "/gpt q1")));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Private, "/gpt q2")));
        Assert.Equal(DispatchOutcome.RateLimited, dispatcher.Dispatch(Message(Private, "/gpt q3")));

        var sent = new[] { await _transport.NextAsync(), await _transport.NextAsync(), await _transport.NextAsync() };
        Assert.Single(sent, notice => notice.Text == "你发得太快了，请稍后再试。");
        Assert.Equal(["q1", "q2"], _llm.Prompts);
    }

    [Fact]
    public async Task A_full_lane_refuses_with_a_notice_but_control_commands_still_queue_behind_its_answers()
    {
        var dispatcher = Dispatcher(chat => chat.QueueLimit = 1);
        _llm.Release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Group, "/gpt running")));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Group, "/gpt waiting")));
        Assert.Equal(DispatchOutcome.QueueFull, dispatcher.Dispatch(Message(Group, "/gpt refused")));
        Assert.Equal(DispatchOutcome.Control, dispatcher.Dispatch(Message(Group, "/gpt_control reset_context", sender: Sudoer)));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(OtherGroup, "/gpt another chat")));

        var notice = await _transport.NextAsync();
        Assert.Equal("前面排队的请求太多了，请稍后再发。", notice.Text);
        Assert.Null(notice.QuoteMessageId);
        _llm.Release.SetResult();
        var inGroup = new List<string>();
        while (inGroup.Count < 3)
        {
            var (key, sent) = await _transport.NextSentAsync();
            if (key == Group)
            {
                inGroup.Add(sent.Text);
            }
        }

        Assert.Equal(["echo: member: running", "echo: member: waiting", "重置20002的上下文成功"], inGroup);
        Assert.DoesNotContain(_llm.Prompts, prompt => prompt.Contains("refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refusal_notices_take_their_chats_paced_turn_like_answers()
    {
        var dispatcher = Dispatcher(chat => chat.MaxPromptLength = 5, replies => replies.MessagesPerSecond = 1);

        dispatcher.Dispatch(Message(Private, "/gpt far too long 1"));
        dispatcher.Dispatch(Message(Private, "/gpt_control reset_context"));
        dispatcher.Dispatch(Message(Group, "/gpt far too long 3"));

        // One message per chat per second: the second notice to the same chat waits for the clock, the other chat does not.
        Assert.Equal(Private, (await _transport.NextSentAsync()).Key);
        Assert.Equal(Group, (await _transport.NextSentAsync()).Key);
        Assert.Equal(2, _transport.All.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Private, (await _transport.NextSentAsync()).Key);
    }

    [Fact]
    public async Task A_non_sudoers_control_commands_are_refused_before_they_are_queued_and_told_once_a_minute()
    {
        var dispatcher = Dispatcher();

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(DispatchOutcome.NoPermission, dispatcher.Dispatch(Message(Group, "/gpt_control reset_context", sender: 30003)));
        }

        Assert.Equal(0, dispatcher.Lanes.Pending);
        dispatcher.Dispatch(Message(Group, "/gpt marker", sender: 30004));
        Assert.Equal("没有权限", (await _transport.NextAsync()).Text);
        Assert.Equal("echo: member: marker", (await _transport.NextAsync()).Text);
        Assert.Single(_transport.All, sent => sent.Reply.Text == "没有权限");

        // A minute later the same member is told again, once.
        _time.Advance(TimeSpan.FromMinutes(1));
        dispatcher.Dispatch(Message(Group, "/gpt_control reset_context", sender: 30003));
        dispatcher.Dispatch(Message(Group, "/gpt_control reset_context", sender: 30003));
        Assert.Equal("没有权限", (await _transport.NextAsync()).Text);
        dispatcher.Dispatch(Message(Group, "/gpt marker two", sender: 30004));
        Assert.Equal("echo: member: marker two", (await _transport.NextAsync()).Text);
    }

    [Fact]
    public async Task Each_kind_of_refusal_is_told_to_a_member_at_most_once_a_minute()
    {
        var dispatcher = Dispatcher(chat =>
        {
            chat.MaxPromptLength = 5;
            chat.QueueLimit = 0;
            chat.Timeout = TimeSpan.FromMinutes(10); // the held answer outlasts the minute
        });
        _llm.Release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Group, "/gpt busy", sender: 30004)));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(DispatchOutcome.TooLong, dispatcher.Dispatch(Message(Group, "/gpt far too long", sender: 30003)));
            Assert.Equal(DispatchOutcome.QueueFull, dispatcher.Dispatch(Message(Group, "/gpt full", sender: 30003)));
        }

        // Another member is told on their own account.
        Assert.Equal(DispatchOutcome.TooLong, dispatcher.Dispatch(Message(Group, "/gpt far too long", sender: 30005)));
        var told = new[] { await _transport.NextAsync(), await _transport.NextAsync(), await _transport.NextAsync() };
        Assert.Equal(2, told.Count(notice => notice.Text == "问题太长了（最多 5 字），请缩短后再发。"));
        Assert.Single(told, notice => notice.Text == "前面排队的请求太多了，请稍后再发。");

        _time.Advance(TimeSpan.FromMinutes(1));
        dispatcher.Dispatch(Message(Group, "/gpt far too long", sender: 30003));
        Assert.Equal("问题太长了（最多 5 字），请缩短后再发。", (await _transport.NextAsync()).Text);
        _llm.Release.SetResult();
        Assert.Equal("echo: member: busy", (await _transport.NextAsync()).Text);
        Assert.Equal(5, _transport.All.Count);
    }

    [Theory]
    [InlineData(false, true, 77L, null)]
    [InlineData(true, true, 77L, 77L)]
    [InlineData(true, false, 77L, null)]
    [InlineData(true, true, -1592382465L, -1592382465L)]
    [InlineData(true, true, 0L, null)]
    public async Task Refusal_notices_quote_the_asker_only_with_reply_quote_on_in_a_group_and_a_real_message_id(bool quote, bool inGroup, long messageId, long? quoted)
    {
        var dispatcher = Dispatcher(chat => chat.MaxPromptLength = 5, replies => replies.QuoteInGroups = quote);
        var key = inGroup ? Group : Private;

        dispatcher.Dispatch(Message(key, "/gpt far too long") with { MessageId = messageId });
        dispatcher.Dispatch(Message(key, "/gpt_control reset_context", sender: 30004) with { MessageId = messageId });

        Assert.Equal(quoted, (await _transport.NextAsync()).QuoteMessageId);
        Assert.Equal(quoted, (await _transport.NextAsync()).QuoteMessageId);
    }

    [Fact]
    public async Task A_prompt_whose_turn_is_past_the_interval_max_wait_is_refused_and_told_once_a_minute()
    {
        var dispatcher = Dispatcher(chat =>
        {
            chat.MinimalInterval = TimeSpan.FromSeconds(10);
            chat.IntervalMaxWait = TimeSpan.FromSeconds(5);
        });

        dispatcher.Dispatch(Message(Group, "/gpt one"));
        dispatcher.Dispatch(Message(Group, "/gpt two"));
        dispatcher.Dispatch(Message(Group, "/gpt three"));
        await dispatcher.Lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience, TestContext.Current.CancellationToken);
        dispatcher.Dispatch(Message(OtherGroup, "/gpt four"));
        await dispatcher.Lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience, TestContext.Current.CancellationToken);

        // The first starts at once; the others' turns are 10 s off, past the 5 s bound. The member is told once in
        // each chat, and nothing reached the LLM but the first.
        const string busy = "现在请求太多，排队要超过 5 秒，请稍后再发。";
        Assert.Equal(["echo: member: one", busy, busy], _transport.All.Select(sent => sent.Reply.Text));
        Assert.Equal(["member: one"], _llm.Prompts);
    }
}
