using System.Globalization;

namespace GptBot.Chat.Model;

public enum ChatKind
{
    Private,
    Group,
}

/// <summary>
/// Identifies one conversation context: one per group (shared by its members) and one per private user, separately for
/// every bot account. <see cref="ChatId"/> is the group id or the user id. A group whose context scope is "member"
/// (<c>/gpt_control scope member</c>) keeps one context per member: <see cref="MemberId"/> is then that member's id,
/// otherwise zero.
/// </summary>
public readonly record struct ConversationKey(long SelfId, ChatKind Kind, long ChatId, long MemberId = 0)
{
    public bool IsGroup => Kind == ChatKind.Group;

    /// <summary>Whether this is one member's own context inside a group.</summary>
    public bool IsMember => MemberId != 0;

    /// <summary>The chat this context belongs to (the group itself for a member's context): where replies go, whose settings apply.</summary>
    public ConversationKey Chat => MemberId == 0 ? this : new(SelfId, Kind, ChatId);

    public static ConversationKey Group(long selfId, long groupId) => new(selfId, ChatKind.Group, groupId);

    public static ConversationKey Private(long selfId, long userId) => new(selfId, ChatKind.Private, userId);

    /// <summary>The member's own context in this group (a private chat has only one context: itself).</summary>
    public ConversationKey ForMember(long memberId) => IsGroup ? new(SelfId, Kind, ChatId, memberId) : this;

    /// <summary>
    /// A stable text form, e.g. <c>10001:group:20002</c>, or <c>10001:group:20002:30003</c> for a member's own context,
    /// used as a storage key and in logs.
    /// </summary>
    public override string ToString() => MemberId == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{SelfId}:{(IsGroup ? "group" : "private")}:{ChatId}")
        : string.Create(CultureInfo.InvariantCulture, $"{SelfId}:{(IsGroup ? "group" : "private")}:{ChatId}:{MemberId}");

    public static bool TryParse(string text, out ConversationKey key)
    {
        key = default;
        var parts = text.Split(':');
        long memberId = 0;
        if (parts.Length is not (3 or 4)
            || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var selfId)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId)
            || (parts.Length == 4 && (!long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out memberId) || memberId == 0)))
        {
            return false;
        }

        switch (parts[1])
        {
            case "group":
                key = Group(selfId, chatId).ForMember(memberId);
                return true;
            case "private" when memberId == 0:
                key = Private(selfId, chatId);
                return true;
            default:
                return false;
        }
    }
}
