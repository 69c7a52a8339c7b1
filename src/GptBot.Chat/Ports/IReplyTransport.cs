using GptBot.Chat.Model;

namespace GptBot.Chat.Ports;

/// <summary>
/// Puts one <see cref="ReplyMessage"/> on the wire to the chat it belongs to and reports what the implementation
/// answered. Implemented by the host over OneBot. Domain code never calls it directly: every message goes through
/// <see cref="Replies.ReplySender"/>, which paces and logs it.
/// </summary>
public interface IReplyTransport
{
    Task<ReplyResult> SendAsync(ConversationKey key, ReplyMessage message, CancellationToken cancellationToken);
}
