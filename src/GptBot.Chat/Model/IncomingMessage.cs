namespace GptBot.Chat.Model;

/// <summary>
/// A user's message as the chat domain sees it, after the transport has removed a leading reply, @bot and nickname.
/// </summary>
/// <param name="Key">The conversation the message belongs to (its group, or the sender's private chat).</param>
/// <param name="SenderId">The sender's QQ id.</param>
/// <param name="SenderName">The name shown in the chat (group card, else nickname).</param>
/// <param name="Text">The concatenated text of all text segments.</param>
/// <param name="StartsWithText">Whether the first segment is text: a command is only recognised there.</param>
/// <param name="MessageId">The implementation's message id, for quoting the asker; 0 when it gave none.</param>
/// <param name="LeadingTextLength">
/// How many chars at the start of <paramref name="Text"/> are the first segment's own; null when the text is all one
/// segment. A command counts only when it stands at the start of the first segment (NoneBot's rule), so
/// <c>[text " "][face][text "/gpt hi"]</c> is no command though its text reads " /gpt hi".
/// </param>
public sealed record IncomingMessage(
    ConversationKey Key,
    long SenderId,
    string SenderName,
    string Text,
    bool StartsWithText,
    long MessageId,
    int? LeadingTextLength = null)
{
    /// <summary>
    /// The images of the message, then those of the message it quotes, as the implementation gave them; nothing is
    /// fetched or decoded until the chat decides to show them to the model.
    /// </summary>
    public IReadOnlyList<ImageReference> Images { get; init; } = [];

    /// <summary>
    /// The sender's role in this group, as the implementation reported it; <see cref="MemberRole.Member"/> in private
    /// chats. With GPT_GROUP_ADMIN_CONTROL a group's owner and admins may change their own group's settings.
    /// </summary>
    public MemberRole SenderRole { get; init; }

    /// <summary>
    /// Whether the message was addressed to the bot (@bot, a reply to the bot, a leading NICKNAME, or any private
    /// message), as NoneBot's to_me rules decide; GPT_AT_TRIGGER answers such a message without <c>/gpt</c>.
    /// </summary>
    public bool ToMe { get; init; }

    /// <summary>
    /// The text of the message this one replies to (anyone's), bounded in length; null when it quotes none, the quoted
    /// message has no text, or it could not be looked up.
    /// </summary>
    public string? QuotedText { get; init; }
}
