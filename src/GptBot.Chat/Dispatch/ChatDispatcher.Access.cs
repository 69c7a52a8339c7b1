using GptBot.Chat.Commands;
using GptBot.Chat.Model;
using Microsoft.Extensions.Logging;

namespace GptBot.Chat.Dispatch;

/// <summary>Who is heard at all: the block list, GPT_ALLOWED_GROUPS and GPT_PRIVATE_CHAT.</summary>
public sealed partial class ChatDispatcher
{
    private readonly QuietPeriod _blockedLog = new(TimeSpan.FromMinutes(1));

    /// <summary>
    /// Who is not heard at all, without a word: blocked users everywhere; everyone but the sudoers in a group outside
    /// GPT_ALLOWED_GROUPS (where the sudoers' commands still work, the probability path never does) and in private chats
    /// with GPT_PRIVATE_CHAT=false. The sudoers are never blocked. Nothing configured costs two count checks.
    /// </summary>
    private DispatchOutcome? Unserved(IncomingMessage message, CommandName command)
    {
        var settings = options.Value;
        if (settingsStore.IsBlocked(message.SenderId) && !control.IsSudoer(message.SenderId))
        {
            if (_blockedLog.TryEnter(timeProvider, out var suppressed))
            {
                LogBlocked(logger, message.SenderId, message.Key, suppressed);
            }

            return DispatchOutcome.Blocked;
        }

        var served = message.Key.IsGroup
            ? settings.AllowedGroups.Count == 0 || settings.AllowedGroups.Contains(message.Key.ChatId) || (command != CommandName.None && control.IsSudoer(message.SenderId))
            : settings.PrivateChat || control.IsSudoer(message.SenderId);
        return served ? null : DispatchOutcome.NotServed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored blocked user {UserId} in {Conversation} ({Suppressed} more messages of blocked users ignored since the last such line)")]
    private static partial void LogBlocked(ILogger logger, long userId, ConversationKey conversation, int suppressed);
}
