using GptBot.Chat.Model;

namespace GptBot.Chat.Commands;

/// <summary>
/// One more line of <c>/gpt_control status</c>, after the chat's settings (today's tokens, say). Register any number;
/// each is asked in registration order, and a null line is left out.
/// </summary>
public interface IChatStatusLine
{
    /// <param name="chat">The chat asked about (the group itself in a member-scope group).</param>
    /// <param name="askerId">Who asked.</param>
    string? LineFor(ConversationKey chat, long askerId);
}
