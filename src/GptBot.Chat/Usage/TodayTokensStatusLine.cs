using GptBot.Chat.Commands;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Usage;

/// <summary>The "today's tokens" line of <c>/gpt_control status</c>, with the chat's daily budget when one is set.</summary>
public sealed class TodayTokensStatusLine(IUsageLedger ledger, TokenBudget budget, IOptions<ChatServiceOptions> options) : IChatStatusLine
{
    public string? LineFor(ConversationKey chat, long askerId) =>
        ChatTexts.TodayTokens(ledger.ForChat(TokenBudget.ChatOf(chat), budget.Today(), topUsers: 0).Usage, options.Value.DailyTokensPerChat);
}
