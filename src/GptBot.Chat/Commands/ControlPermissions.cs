using GptBot.Chat.Model;

namespace GptBot.Chat.Commands;

/// <summary>
/// Who may use which <c>/gpt_control</c> sub-command. GPT_SUDOERS may use every one, in every chat. With
/// GPT_GROUP_ADMIN_CONTROL, a group's owner and admins (as the event reports them, so only in the group they run) may
/// change that group's own settings and reset its context; what reaches beyond the group (block, reset another chat,
/// the backend's session) stays the sudoers'. Everyone else may use none.
/// </summary>
public static class ControlPermissions
{
    public static bool Allows(ControlAction action, IncomingMessage message, bool isSudoer, bool groupAdminControl)
    {
        if (isSudoer)
        {
            return true;
        }

        if (!groupAdminControl || !message.Key.IsGroup || message.SenderRole is not (MemberRole.Admin or MemberRole.Owner))
        {
            return false;
        }

        return action is ControlAction.Status or ControlAction.Persona or ControlAction.Model or ControlAction.Off
            or ControlAction.On or ControlAction.Scope or ControlAction.ResetContext

            // A group admin who may use /gpt_control is told a mistyped sub-command is one, as a sudoer is.
            or ControlAction.Unknown;
    }
}
