using GptBot.Chat.Commands;
using GptBot.Chat.Model;

namespace GptBot.Tests.Chat.Commands;

/// <summary>How a /gpt_control argument is read, and who may use which sub-command.</summary>
[Trait("Category", "Unit")]
public sealed class ControlCommandTests
{
    [Theory]
    [InlineData("reset_context", ControlAction.ResetContext, new string[0])]
    [InlineData("  reset_context  ", ControlAction.ResetContext, new string[0])]
    [InlineData("reset_context group 20002", ControlAction.ResetOther, new[] { "group", "20002" })]
    [InlineData("refresh_session", ControlAction.RefreshSession, new string[0])]
    [InlineData("refresh_session now", ControlAction.Unknown, new string[0])]
    [InlineData("status", ControlAction.Status, new string[0])]
    [InlineData("status x", ControlAction.Unknown, new string[0])]
    [InlineData("persona", ControlAction.Persona, new string[0])]
    [InlineData("persona  猫娘", ControlAction.Persona, new[] { "猫娘" })]
    [InlineData("model gpt-4o", ControlAction.Model, new[] { "gpt-4o" })]
    [InlineData("off", ControlAction.Off, new string[0])]
    [InlineData("on", ControlAction.On, new string[0])]
    [InlineData("scope member", ControlAction.Scope, new[] { "member" })]
    [InlineData("block 123", ControlAction.Block, new[] { "123" })]
    [InlineData("unblock\t123", ControlAction.Unblock, new[] { "123" })]
    [InlineData("", ControlAction.Unknown, new string[0])]
    [InlineData("Status", ControlAction.Unknown, new string[0])]
    [InlineData("reboot", ControlAction.Unknown, new string[0])]
    public void Reads_the_sub_command_and_its_words(string argument, ControlAction action, string[] words)
    {
        var command = ControlCommand.Parse(argument);

        Assert.Equal(action, command.Action);
        Assert.Equal(words, command.Words);
    }

    [Theory]
    [InlineData(ControlAction.Status)]
    [InlineData(ControlAction.Persona)]
    [InlineData(ControlAction.Model)]
    [InlineData(ControlAction.Off)]
    [InlineData(ControlAction.On)]
    [InlineData(ControlAction.Scope)]
    [InlineData(ControlAction.ResetContext)]
    [InlineData(ControlAction.Unknown)]
    public void With_admin_control_a_groups_owner_and_admins_may_change_their_group(ControlAction action)
    {
        Assert.True(ControlPermissions.Allows(action, InGroup(MemberRole.Admin), isSudoer: false, groupAdminControl: true));
        Assert.True(ControlPermissions.Allows(action, InGroup(MemberRole.Owner), isSudoer: false, groupAdminControl: true));
        Assert.False(ControlPermissions.Allows(action, InGroup(MemberRole.Admin), isSudoer: false, groupAdminControl: false));
        Assert.False(ControlPermissions.Allows(action, InGroup(MemberRole.Member), isSudoer: false, groupAdminControl: true));
        Assert.True(ControlPermissions.Allows(action, InGroup(MemberRole.Member), isSudoer: true, groupAdminControl: false));
    }

    [Theory]
    [InlineData(ControlAction.Block)]
    [InlineData(ControlAction.Unblock)]
    [InlineData(ControlAction.ResetOther)]
    [InlineData(ControlAction.RefreshSession)]
    public void What_reaches_beyond_the_group_is_the_sudoers_alone(ControlAction action)
    {
        Assert.False(ControlPermissions.Allows(action, InGroup(MemberRole.Owner), isSudoer: false, groupAdminControl: true));
        Assert.True(ControlPermissions.Allows(action, InGroup(MemberRole.Member), isSudoer: true, groupAdminControl: false));
    }

    [Fact]
    public void A_role_means_nothing_in_a_private_chat()
    {
        var message = new IncomingMessage(ConversationKey.Private(10001, 40004), 40004, "x", "/gpt_control off", true, 1) { SenderRole = MemberRole.Owner };

        Assert.False(ControlPermissions.Allows(ControlAction.Off, message, isSudoer: false, groupAdminControl: true));
    }

    private static IncomingMessage InGroup(MemberRole role) =>
        new(ConversationKey.Group(10001, 20002), 40004, "x", "/gpt_control", true, 1) { SenderRole = role };
}
