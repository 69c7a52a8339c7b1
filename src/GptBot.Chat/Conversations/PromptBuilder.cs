using GptBot.Chat.Model;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Conversations;

/// <summary>
/// Builds the message list sent to the LLM: the system prompt, the conversation's earlier turns in order, and the new
/// prompt. In groups every user turn is prefixed with the speaker's name so the model can tell members apart.
/// </summary>
public sealed class PromptBuilder(IOptions<ChatServiceOptions> options)
{
    public List<ChatMessage> Build(IReadOnlyList<ConversationTurn> history, ConversationTurn prompt)
    {
        var messages = new List<ChatMessage>(history.Count + 2);
        if (!string.IsNullOrWhiteSpace(options.Value.SystemPrompt))
        {
            messages.Add(new ChatMessage(ChatRole.System, options.Value.SystemPrompt));
        }

        foreach (var turn in history)
        {
            messages.Add(ToMessage(turn));
        }

        messages.Add(ToMessage(prompt));
        return messages;
    }

    public static ChatMessage ToMessage(ConversationTurn turn) => turn.Role == TurnRole.User
        ? new ChatMessage(ChatRole.User, turn.AuthorName is { Length: > 0 } name ? $"{SanitizeName(name)}: {turn.Text}" : turn.Text)
        : new ChatMessage(ChatRole.Assistant, turn.Text);

    // A member's card is theirs to choose: keep it on one line so it cannot pose as another turn.
    private static string SanitizeName(string name) => name.ReplaceLineEndings(" ").Trim();
}
