using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Commands;

/// <summary>
/// <c>/gpt_control &lt;action&gt;</c> for GPT_SUDOERS: <c>reset_context</c> forgets the current chat's context,
/// <c>refresh_session</c> refreshes the backend's credentials, <c>usage</c> shows today's tokens in the chat and who
/// spent them; anything else is <c>无效命令</c>. Others get <c>没有权限</c>:
/// the dispatcher refuses them before their command is queued (<see cref="IsPermitted"/>), and this handler refuses
/// them again should one reach it.
/// </summary>
public sealed partial class ControlCommandHandler(
    IConversationStore store,
    IBackendSession backendSession,
    IUsageLedger usageLedger,
    TokenBudget budget,
    ReplySender replySender,
    IOptions<ChatServiceOptions> options,
    IOptions<ReplyOptions> replyOptions,
    ILogger<ControlCommandHandler> logger)
{
    /// <summary>How many members <c>usage</c> lists: enough to spot who spends the budget, short enough for one message.</summary>
    public const int UsageTopUsers = 5;

    /// <summary>Whether <paramref name="userId"/> may use /gpt_control at all (GPT_SUDOERS).</summary>
    public bool IsPermitted(long userId) => options.Value.Sudoers.Contains(userId);

    public async Task HandleAsync(IncomingMessage message, string action, CancellationToken cancellationToken)
    {
        var answer = await DecideAsync(message, action, cancellationToken);
        await replySender.SendNoticeAsync(ReplyTarget.For(message, replyOptions.Value), answer, cancellationToken);
    }

    private async Task<string> DecideAsync(IncomingMessage message, string action, CancellationToken cancellationToken)
    {
        if (!IsPermitted(message.SenderId))
        {
            LogRefused(logger, message.SenderId, message.Key);
            return ChatTexts.NoPermission;
        }

        switch (action)
        {
            case "reset_context":
                await store.ResetAsync(message.Key, cancellationToken);
                LogReset(logger, message.Key, message.SenderId);
                return ChatTexts.ResetDone(message.Key.ChatId);
            case "refresh_session":
                var refreshed = await backendSession.RefreshAsync(cancellationToken);
                return refreshed ? ChatTexts.RefreshDone : ChatTexts.RefreshFailed;
            case "usage":
                var settings = options.Value;
                var usage = usageLedger.ForChat(TokenBudget.ChatOf(message.Key), budget.Today(), UsageTopUsers);
                return ChatTexts.UsageReport(usage, settings.DailyTokensPerUser, settings.DailyTokensPerChat);
            default:
                return ChatTexts.InvalidCommand;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} is not in GPT_SUDOERS; /gpt_control refused in {Conversation}")]
    private static partial void LogRefused(ILogger logger, long userId, ConversationKey conversation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Context of {Conversation} reset by {UserId}")]
    private static partial void LogReset(ILogger logger, ConversationKey conversation, long userId);
}
