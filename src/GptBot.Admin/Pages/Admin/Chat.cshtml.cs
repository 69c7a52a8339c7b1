using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using GptBot.Chat;
using Microsoft.Extensions.Options;

namespace GptBot.Admin.Pages.Admin;

/// <summary>One chat: its recent history, a reset (as <c>/gpt_control reset_context</c> does), and its settings.</summary>
public sealed class ChatModel(IConversationStore store, IOptions<ChatServiceOptions> chat) : PageModel
{
    /// <summary>The turns shown, newest last; older ones stay stored but off the page.</summary>
    public const int ShownTurns = 50;

    [BindProperty(Name = "key", SupportsGet = true)]
    public string? KeyText { get; set; }

    [BindProperty(Name = "done", SupportsGet = true)]
    public string? Done { get; set; }

    public ConversationKey Key { get; private set; }

    public IReadOnlyList<ConversationTurn> Turns { get; private set; } = [];

    public int TotalTurns { get; private set; }

    public TimeZoneInfo Zone => chat.Value.TimeZone;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!TryReadKey())
        {
            return NotFound();
        }

        var snapshot = await store.LoadAsync(Key, cancellationToken);
        TotalTurns = snapshot.Turns.Count;
        Turns = [.. snapshot.Turns.Skip(Math.Max(0, snapshot.Turns.Count - ShownTurns))];
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken cancellationToken)
    {
        if (!TryReadKey())
        {
            return NotFound();
        }

        await store.ResetAsync(Key, cancellationToken);
        return Redirect(ConsoleLinks.Chat(Key) + "&done=reset");
    }

    private bool TryReadKey()
    {
        if (KeyText is null || !ConversationKey.TryParse(KeyText, out var key))
        {
            return false;
        }

        Key = key;
        return true;
    }
}
