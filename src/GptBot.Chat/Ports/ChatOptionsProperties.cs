using Microsoft.Extensions.AI;

namespace GptBot.Chat.Ports;

/// <summary>Keys the domain puts into <see cref="ChatOptions.AdditionalProperties"/> for backends; never wire fields.</summary>
public static class ChatOptionsProperties
{
    /// <summary>
    /// The conversation a request answers (<see cref="Model.ConversationKey"/> in its text form), so the HTTP pipeline
    /// can tell one chat's failures from a provider that fails for everyone.
    /// </summary>
    public const string Conversation = "gptbot.conversation";
}
