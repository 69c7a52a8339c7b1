using System.Globalization;

namespace GptBot.Chat.Model;

public enum ChatKind
{
    Private,
    Group,
}

/// <summary>
/// Identifies one conversation context: one per group (shared by its members) and one per private user, separately for
/// every bot account. <see cref="ChatId"/> is the group id or the user id.
/// </summary>
public readonly record struct ConversationKey(long SelfId, ChatKind Kind, long ChatId)
{
    public bool IsGroup => Kind == ChatKind.Group;

    public static ConversationKey Group(long selfId, long groupId) => new(selfId, ChatKind.Group, groupId);

    public static ConversationKey Private(long selfId, long userId) => new(selfId, ChatKind.Private, userId);

    /// <summary>A stable text form, e.g. <c>10001:group:20002</c>, used as a storage key and in logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SelfId}:{(IsGroup ? "group" : "private")}:{ChatId}");

    public static bool TryParse(string text, out ConversationKey key)
    {
        key = default;
        var parts = text.Split(':');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var selfId)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return false;
        }

        switch (parts[1])
        {
            case "group":
                key = Group(selfId, chatId);
                return true;
            case "private":
                key = Private(selfId, chatId);
                return true;
            default:
                return false;
        }
    }
}
