using GptBot.Chat.Ports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using GptBot.Chat;
using Microsoft.Extensions.Options;

namespace GptBot.Admin.Pages.Admin;

/// <summary>The chats the store holds, most recently active first, searchable by group or QQ number.</summary>
public sealed class ChatsModel(IConversationCatalog catalog, IOptions<ChatServiceOptions> chat) : PageModel
{
    /// <summary>At most this many rows: the page stays small however many chats the bot has.</summary>
    public const int Limit = 200;

    [BindProperty(Name = "q", SupportsGet = true)]
    public string? Search { get; set; }

    public IReadOnlyList<ConversationSummary> Chats { get; private set; } = [];

    public TimeZoneInfo Zone => chat.Value.TimeZone;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var search = Search?.Trim();
        Chats = await catalog.ListAsync(string.IsNullOrEmpty(search) ? null : search, Limit, cancellationToken);
    }
}
