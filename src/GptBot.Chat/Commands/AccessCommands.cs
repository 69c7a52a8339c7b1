using System.Globalization;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Commands;

/// <summary>
/// The sudoers' sub-commands that reach beyond the chat they are sent in: block and unblock a user everywhere, and
/// reset another chat's context (of the bot that received the command).
/// </summary>
public sealed partial class AccessCommands(
    IChatSettingsStore settingsStore,
    IConversationStore conversations,
    IOptions<ChatServiceOptions> options,
    ILogger<AccessCommands> logger)
{
    public async Task<string> BlockAsync(IncomingMessage message, IReadOnlyList<string> words, bool blocked, CancellationToken cancellationToken)
    {
        if (words is not [var word] || !TryReadId(word, out var userId))
        {
            return ChatTexts.BlockUsage;
        }

        if (blocked)
        {
            if (options.Value.Sudoers.Contains(userId))
            {
                return ChatTexts.CannotBlockSudoer;
            }

            await settingsStore.SetBlockedAsync(userId, true, cancellationToken);
            LogBlocked(logger, userId, message.SenderId);
            return ChatTexts.Blocked(userId);
        }

        if (options.Value.BlockedUsers.Contains(userId))
        {
            return ChatTexts.BlockedByConfiguration(userId);
        }

        if (!settingsStore.IsBlocked(userId))
        {
            return ChatTexts.NotBlocked(userId);
        }

        await settingsStore.SetBlockedAsync(userId, false, cancellationToken);
        LogUnblocked(logger, userId, message.SenderId);
        return ChatTexts.Unblocked(userId);
    }

    /// <summary>
    /// <c>reset_context group &lt;id&gt;</c> or <c>private &lt;id&gt;</c>: forgets every context of that chat (its members'
    /// own too, in a member-scope group) for the bot that received the command.
    /// </summary>
    public async Task<string> ResetOtherAsync(IncomingMessage message, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        if (words is not [var kind, var id] || !TryReadId(id, out var chatId))
        {
            return ChatTexts.ResetUsage;
        }

        ConversationKey? target = kind switch
        {
            "group" => ConversationKey.Group(message.Key.SelfId, chatId),
            "private" => ConversationKey.Private(message.Key.SelfId, chatId),
            _ => null,
        };
        if (target is not { } chat)
        {
            return ChatTexts.ResetUsage;
        }

        await conversations.ResetChatAsync(chat, cancellationToken);
        LogReset(logger, chat, message.SenderId, message.Key);
        return ChatTexts.ResetDone(chatId);
    }

    private static bool TryReadId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} blocked in every chat by {SudoerId}")]
    private static partial void LogBlocked(ILogger logger, long userId, long sudoerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} unblocked by {SudoerId}")]
    private static partial void LogUnblocked(ILogger logger, long userId, long sudoerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Context of {Chat} reset by {UserId} from {Conversation}")]
    private static partial void LogReset(ILogger logger, ConversationKey chat, long userId, ConversationKey conversation);
}
