using GptBot.Admin.Metrics;
using GptBot.Chat;
using GptBot.OneBot.Transport;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace GptBot.Admin.Pages.Admin;

/// <summary>The dashboard: who is connected, how answering went over the last hour, what failed, today's tokens.</summary>
public sealed class IndexModel(
    ConnectionRegistry registry, ConsoleMetrics metrics, IOptions<ChatServiceOptions> chat) : PageModel
{
    public IReadOnlyList<IOneBotConnection> Bots { get; private set; } = [];

    public MetricsSnapshot Metrics { get; private set; } = null!;

    public TimeZoneInfo Zone => chat.Value.TimeZone;

    public void OnGet()
    {
        Bots = [.. registry.All.OrderBy(bot => bot.SelfId).ThenBy(bot => bot.Role)];
        Metrics = metrics.Snapshot();
    }
}
