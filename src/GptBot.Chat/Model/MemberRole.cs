namespace GptBot.Chat.Model;

/// <summary>The sender's standing in the group the message was sent in (the event's <c>sender.role</c>).</summary>
public enum MemberRole
{
    /// <summary>An ordinary member, a private chat, or an implementation that gave no role.</summary>
    Member,

    Admin,

    Owner,
}
