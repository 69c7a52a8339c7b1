using Microsoft.Extensions.AI;

namespace GptBot.Chat.Ports;

/// <summary>Keys the domain puts into <see cref="ChatMessage.AdditionalProperties"/> for backends; never wire fields.</summary>
public static class ChatMessageProperties
{
    /// <summary>
    /// A user turn's text without the speaker prefix the domain adds in groups, for backends that send the bare
    /// prompt (the web-session backend, as the seed did). Absent when the text has no prefix.
    /// </summary>
    public const string PlainText = "gptbot.plain_text";
}
