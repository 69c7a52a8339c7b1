using GptBot.Llm.WebSession;

namespace GptBot.Tests.Llm.WebSession;

public sealed class WebThreadStateTests
{
    [Fact]
    public void A_fresh_thread_has_no_conversation_and_a_uuid_parent()
    {
        var fresh = WebThreadState.Fresh();

        Assert.Null(fresh.ConversationId);
        Assert.True(Guid.TryParse(fresh.ParentMessageId, out _));
        Assert.NotEqual(fresh.ParentMessageId, WebThreadState.Fresh().ParentMessageId);
    }

    [Theory]
    [InlineData("c1", "m1")]
    [InlineData(null, "m1")]
    [InlineData("c|\"x\"", "m|1")]
    public void State_round_trips(string? conversationId, string parentId)
    {
        var state = new WebThreadState(conversationId, parentId);

        Assert.Equal(state, WebThreadState.Parse(state.Serialize()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("chatcmpl-123")]
    [InlineData("{not json")]
    [InlineData("{\"conversation_id\":\"c\"}")]
    [InlineData("{\"conversation_id\":\"c\",\"parent_message_id\":\"\"}")]
    [InlineData("{\"parent_message_id\":5}")]
    public void Foreign_or_broken_state_means_a_fresh_thread(string? stored) => Assert.Null(WebThreadState.Parse(stored));
}
