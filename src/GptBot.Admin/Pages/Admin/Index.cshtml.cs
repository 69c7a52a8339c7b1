using GptBot.Admin.Metrics;
using GptBot.Chat;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using GptBot.OneBot.Transport;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace GptBot.Admin.Pages.Admin;

/// <summary>The dashboard: who is connected, how answering went over the last hour, what failed, today's tokens.</summary>
public sealed class IndexModel(
    ConnectionRegistry registry, ConsoleMetrics metrics, IUsageLedger ledger, IOptions<ChatServiceOptions> chat, TimeProvider timeProvider) : PageModel
{
    public IReadOnlyList<IOneBotConnection> Bots { get; private set; } = [];

    public MetricsSnapshot Metrics { get; private set; } = null!;

    public TimeZoneInfo Zone => chat.Value.TimeZone;

    /// <summary>Every chat's tokens today (the day in GPT_TIMEZONE), from the ledger the daily budgets use.</summary>
    public TokenUsage TodayTokens { get; private set; }

    public void OnGet()
    {
        Bots = [.. registry.All.OrderBy(bot => bot.SelfId).ThenBy(bot => bot.Role)];
        Metrics = metrics.Snapshot();
        TodayTokens = ledger.ForDay(ConsoleLinks.Today(timeProvider, Zone), topUsers: 0).Aggregate(default(TokenUsage), (sum, usage) => sum + usage.Usage);
    }
}
