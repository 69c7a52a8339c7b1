using GptBot.Chat.Dispatch;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace GptBot.Tests.Chat.Dispatch;

/// <summary>A chat's own settings on the message path: its probability, on/off and context scope win over the globals.</summary>
public sealed partial class ChatDispatcherTests
{
    [Fact]
    public async Task A_chats_own_probability_wins_over_gpt_probability_both_ways()
    {
        var dispatcher = Dispatcher(chat => chat.Probability = 1);
        await ChatSettingsAsync(Group, new ChatSettings { Probability = 0 });
        await ChatSettingsAsync(OtherGroup, new ChatSettings { Probability = 1 });

        Assert.Equal(DispatchOutcome.Ignored, dispatcher.Dispatch(Message(Group, "anyone there?")));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(OtherGroup, "anyone there?")));

        var (key, reply) = await _transport.NextSentAsync();
        Assert.Equal(OtherGroup, key);
        Assert.Equal("echo: member: anyone there?", reply.Text);
    }

    [Fact]
    public async Task A_chat_switched_off_ignores_prompts_but_not_commands()
    {
        var dispatcher = Dispatcher(chat => chat.Probability = 1);
        await ChatSettingsAsync(Group, new ChatSettings { Enabled = false });

        Assert.Equal(DispatchOutcome.Disabled, dispatcher.Dispatch(Message(Group, "/gpt hello")));
        Assert.Equal(DispatchOutcome.Ignored, dispatcher.Dispatch(Message(Group, "hello")));
        Assert.Equal(DispatchOutcome.Control, dispatcher.Dispatch(Message(Group, "/gpt_control status", sender: Sudoer)));

        Assert.StartsWith("状态：关闭", (await _transport.NextAsync()).Text, StringComparison.Ordinal);
        Assert.Empty(_llm.Prompts);
    }

    [Fact]
    public async Task A_chat_switched_off_ignores_messages_addressed_to_the_bot_under_the_at_trigger()
    {
        var dispatcher = Dispatcher(chat => chat.AtTrigger = true);
        await ChatSettingsAsync(Group, new ChatSettings { Enabled = false });

        Assert.Equal(DispatchOutcome.Disabled, dispatcher.Dispatch(Message(Group, "你好") with { ToMe = true }));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(OtherGroup, "你好") with { ToMe = true }));

        var (key, _) = await _transport.NextSentAsync();
        Assert.Equal(OtherGroup, key);
        Assert.Single(_llm.Prompts);
    }

    [Fact]
    public async Task In_member_scope_a_prompt_joins_the_members_own_context_and_the_reply_goes_to_the_group()
    {
        var dispatcher = Dispatcher();
        await ChatSettingsAsync(Group, new ChatSettings { Scope = ContextScope.Member });

        dispatcher.Dispatch(Message(Group, "/gpt hi", sender: 40004));

        var (key, _) = await _transport.NextSentAsync();
        Assert.Equal(Group.ForMember(40004), key);
        Assert.Equal(Group, key.Chat);
        await dispatcher.Lanes.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(1, (await _services!.GetRequiredService<IConversationStore>().LoadAsync(Group.ForMember(40004), CancellationToken.None)).Turns.Count / 2);
        Assert.Empty((await _services!.GetRequiredService<IConversationStore>().LoadAsync(Group, CancellationToken.None)).Turns);
    }

    private ValueTask ChatSettingsAsync(ConversationKey chat, ChatSettings settings) =>
        _services!.GetRequiredService<IChatSettingsStore>().SetAsync(chat, settings, CancellationToken.None);
}
