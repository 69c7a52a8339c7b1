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
    /// <summary>
    /// Key of <see cref="ChatMessage.AdditionalProperties"/> holding a user turn's text without the speaker prefix,
    /// for backends that send the bare prompt (the web-session backend, as the seed did).
    /// </summary>
    public const string PlainTextKey = "gptbot.plain_text";

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

    public static ChatMessage ToMessage(ConversationTurn turn)
    {
        if (turn.Role != TurnRole.User)
        {
            return new ChatMessage(ChatRole.Assistant, turn.Text);
        }

        if (turn.AuthorName is not { Length: > 0 } name)
        {
            return new ChatMessage(ChatRole.User, turn.Text);
        }

        return new ChatMessage(ChatRole.User, $"{SanitizeName(name)}: {turn.Text}")
        {
            AdditionalProperties = new AdditionalPropertiesDictionary { [PlainTextKey] = turn.Text },
        };
    }

    // A member's card is theirs to choose: keep it on one line so it cannot pose as another turn.
    private static string SanitizeName(string name) => name.ReplaceLineEndings(" ").Trim();
}
