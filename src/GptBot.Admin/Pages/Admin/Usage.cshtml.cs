using GptBot.Chat;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace GptBot.Admin.Pages.Admin;

/// <summary>Today's tokens (the day in GPT_TIMEZONE) per chat and per user, from the same ledger the daily budgets use.</summary>
public sealed class UsageModel(IUsageLedger ledger, IOptions<ChatServiceOptions> chat, TimeProvider timeProvider) : PageModel
{
    /// <summary>Users counted per chat; the per-user table adds these up across chats.</summary>
    public const int TopUsersPerChat = 50;

    public DateOnly Day { get; private set; }

    public IReadOnlyList<ChatUsage> Chats { get; private set; } = [];

    public IReadOnlyList<UserUsage> Users { get; private set; } = [];

    public void OnGet()
    {
        Day = ConsoleLinks.Today(timeProvider, chat.Value.TimeZone);
        Chats = ledger.ForDay(Day, TopUsersPerChat);
        Users = [.. Chats
            .SelectMany(usage => usage.TopUsers)
            .GroupBy(user => user.UserId)
            .Select(user => new UserUsage(user.Key, user.Aggregate(default(TokenUsage), (sum, next) => sum + next.Usage)))
            .OrderByDescending(user => user.Usage.Total)
            .ThenBy(user => user.UserId)];
    }
}
