using GptBot.Chat.Model;

namespace GptBot.Tests.Chat.Model;

/// <summary>The text form of a conversation key is stable and reads back, a member's own context included.</summary>
[Trait("Category", "Unit")]
public sealed class ConversationKeyTests
{
    [Theory]
    [InlineData("10001:group:20002")]
    [InlineData("10001:private:30003")]
    [InlineData("10001:group:20002:30003")]
    [InlineData("-5:group:-20002:-7")]
    public void The_text_form_reads_back_as_the_same_key(string text)
    {
        Assert.True(ConversationKey.TryParse(text, out var key));
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [InlineData("10001:private:30003:40004")] // a private chat has one context
    [InlineData("10001:group:20002:0")] // the shared context is written without a member
    [InlineData("10001:group:20002:x")]
    [InlineData("10001:channel:20002")]
    [InlineData("10001:group")]
    [InlineData("1:group:2:3:4")]
    public void Other_texts_are_not_keys(string text) => Assert.False(ConversationKey.TryParse(text, out _));

    [Fact]
    public void A_members_context_belongs_to_its_group_and_a_private_chat_has_no_member_contexts()
    {
        var group = ConversationKey.Group(10001, 20002);
        var member = group.ForMember(30003);

        Assert.NotEqual(group, member);
        Assert.True(member.IsMember);
        Assert.Equal(group, member.Chat);
        Assert.Equal(group, group.Chat);
        Assert.Equal(ConversationKey.Private(10001, 30003), ConversationKey.Private(10001, 30003).ForMember(30003));
    }
}
