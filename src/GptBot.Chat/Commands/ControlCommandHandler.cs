using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Commands;

/// <summary>
/// <c>/gpt_control &lt;action&gt;</c>: the seed's <c>reset_context</c> (forget the current chat's context) and
/// <c>refresh_session</c> (refresh the backend's credentials), the chat's own settings (<see cref="ChatSettingsCommands"/>),
/// the sudoers' reach beyond the chat (<see cref="AccessCommands"/>) and today's token <c>usage</c>; anything else is
/// <c>无效命令</c>. Who may use which is <see cref="ControlPermissions"/>: the dispatcher refuses the others before their command is queued
/// (<see cref="IsPermitted(IncomingMessage, ControlCommand)"/>), and this handler refuses them again should one reach it.
/// </summary>
public sealed partial class ControlCommandHandler(
    IConversationStore store,
    IBackendSession backendSession,
    ChatSettingsCommands settingsCommands,
    AccessCommands accessCommands,
    IUsageLedger usageLedger,
    TokenBudget budget,
    ReplySender replySender,
    IOptions<ChatServiceOptions> options,
    IOptions<ReplyOptions> replyOptions,
    ILogger<ControlCommandHandler> logger)
{
    /// <summary>How many members <c>usage</c> lists: enough to spot who spends the budget, short enough for one message.</summary>
    public const int UsageTopUsers = 5;

    /// <summary>Whether <paramref name="userId"/> is one of GPT_SUDOERS, who may use every sub-command everywhere.</summary>
    public bool IsSudoer(long userId) => options.Value.Sudoers.Contains(userId);

    /// <summary>Whether the sender of <paramref name="message"/> may use <paramref name="command"/> there.</summary>
    public bool IsPermitted(IncomingMessage message, ControlCommand command) =>
        ControlPermissions.Allows(command.Action, message, IsSudoer(message.SenderId), options.Value.GroupAdminControl);

    public Task HandleAsync(IncomingMessage message, string action, CancellationToken cancellationToken) =>
        HandleAsync(message, ControlCommand.Parse(action), cancellationToken);

    public async Task HandleAsync(IncomingMessage message, ControlCommand command, CancellationToken cancellationToken)
    {
        var answer = await DecideAsync(message, command, cancellationToken);
        await replySender.SendNoticeAsync(ReplyTarget.For(message, replyOptions.Value), answer, cancellationToken);
    }

    private async Task<string> DecideAsync(IncomingMessage message, ControlCommand command, CancellationToken cancellationToken)
    {
        if (!IsPermitted(message, command))
        {
            LogRefused(logger, message.SenderId, message.Key);
            return ChatTexts.NoPermission;
        }

        var words = command.Words;
        switch (command.Action)
        {
            case ControlAction.ResetContext:
                await store.ResetAsync(message.Key, cancellationToken);
                LogReset(logger, message.Key, message.SenderId);

                // In a member-scope group only the asker's own context went: the group's text would say more than happened.
                return message.Key.IsMember ? ChatTexts.ResetMemberDone(message.Key.ChatId, message.Key.MemberId) : ChatTexts.ResetDone(message.Key.ChatId);
            case ControlAction.ResetOther:
                return await accessCommands.ResetOtherAsync(message, words, cancellationToken);
            case ControlAction.RefreshSession:
                var refreshed = await backendSession.RefreshAsync(cancellationToken);
                return refreshed ? ChatTexts.RefreshDone : ChatTexts.RefreshFailed;
            case ControlAction.Status:
                return settingsCommands.Status(message);
            case ControlAction.Persona:
                return await settingsCommands.PersonaAsync(message, words, cancellationToken);
            case ControlAction.Model:
                return await settingsCommands.ModelAsync(message, words, cancellationToken);
            case ControlAction.Off or ControlAction.On:
                return await settingsCommands.SwitchAsync(message, command.Action == ControlAction.On, cancellationToken);
            case ControlAction.Scope:
                return await settingsCommands.ScopeAsync(message, words, cancellationToken);
            case ControlAction.Block or ControlAction.Unblock:
                return await accessCommands.BlockAsync(message, words, command.Action == ControlAction.Block, cancellationToken);
            case ControlAction.Usage:
                var settings = options.Value;
                var usage = usageLedger.ForChat(TokenBudget.ChatOf(message.Key), budget.Today(), UsageTopUsers);
                return ChatTexts.UsageReport(usage, settings.DailyTokensPerUser, settings.DailyTokensPerChat);
            default:
                return ChatTexts.InvalidCommand;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} may not use this /gpt_control; refused in {Conversation}")]
    private static partial void LogRefused(ILogger logger, long userId, ConversationKey conversation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Context of {Conversation} reset by {UserId}")]
    private static partial void LogReset(ILogger logger, ConversationKey conversation, long userId);
}
