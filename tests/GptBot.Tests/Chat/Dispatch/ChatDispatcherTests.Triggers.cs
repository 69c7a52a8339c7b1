using GptBot.Chat.Dispatch;
using GptBot.Chat.Replies;

namespace GptBot.Tests.Chat.Dispatch;

/// <summary>GPT_AT_TRIGGER and the daily token budgets, as the chat sees them.</summary>
public sealed partial class ChatDispatcherTests
{
    [Fact]
    public async Task With_the_at_trigger_an_addressed_message_is_a_prompt_and_an_addressed_command_is_answered_once()
    {
        var dispatcher = Dispatcher(chat =>
        {
            chat.AtTrigger = true;
            chat.SpeakerPrefix = false;
        });

        Assert.Equal(DispatchOutcome.Ignored, dispatcher.Dispatch(Message(Group, "just chatting")));
        Assert.Equal(DispatchOutcome.Ignored, dispatcher.Dispatch(Message(Group, "   ") with { ToMe = true }));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Group, " 你好 ") with { ToMe = true }));
        Assert.Equal("echo: 你好", (await _transport.NextAsync()).Text);

        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Group, "/gpt 一次") with { ToMe = true }));
        Assert.Equal("echo: 一次", (await _transport.NextAsync()).Text);

        // A command stays a command: a stranger's /gpt_control is refused, not asked of the model.
        Assert.Equal(DispatchOutcome.NoPermission, dispatcher.Dispatch(Message(Group, "/gpt_control usage") with { ToMe = true }));
        Assert.Equal(ChatTexts.NoPermission, (await _transport.NextAsync()).Text);
        Assert.Equal(["你好", "一次"], _llm.Prompts);
    }

    [Fact]
    public async Task Without_the_at_trigger_an_addressed_message_without_a_command_is_ignored()
    {
        var dispatcher = Dispatcher();

        Assert.Equal(DispatchOutcome.Ignored, dispatcher.Dispatch(Message(Private, "hello") with { ToMe = true }));
        dispatcher.Dispatch(Message(Private, "/gpt marker"));

        Assert.Equal("echo: marker", (await _transport.NextAsync()).Text);
        Assert.Equal(["marker"], _llm.Prompts);
    }

    [Fact]
    public async Task A_chat_that_spent_its_tokens_is_told_and_asks_nothing_until_the_next_day()
    {
        var dispatcher = Dispatcher(chat =>
        {
            chat.DailyTokensPerChat = 1;
            chat.TimeZone = TimeZoneInfo.Utc;
            chat.SpeakerPrefix = false;
        });
        dispatcher.Dispatch(Message(Group, "/gpt first"));
        Assert.Equal("echo: first", (await _transport.NextAsync()).Text);

        dispatcher.Dispatch(Message(Group, "/gpt second"));
        Assert.Equal(ChatTexts.GroupBudgetSpent, (await _transport.NextAsync()).Text);

        // Told once a minute: the next refusal is silent, and the next answer is the first thing the chat sees.
        dispatcher.Dispatch(Message(Group, "/gpt third"));
        await dispatcher.Lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromHours(16));
        dispatcher.Dispatch(Message(Group, "/gpt next day"));
        Assert.Equal("echo: next day", (await _transport.NextAsync()).Text);
        Assert.Equal(["first", "next day"], _llm.Prompts);
    }
}
