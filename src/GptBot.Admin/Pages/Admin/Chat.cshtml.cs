using GptBot.Admin.Texts;
using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace GptBot.Admin.Pages.Admin;

/// <summary>
/// One chat: its recent history, a reset (as <c>/gpt_control reset_context</c> does), and its settings, written to the
/// same store the <c>/gpt_control</c> commands change, so the next message in the chat follows them.
/// </summary>
public sealed class ChatModel(
    IConversationStore store, IChatSettingsStore settings, IPersonaCatalog personas, IOptions<ChatServiceOptions> chat) : PageModel
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

    public ChatSettings Settings { get; private set; } = ChatSettings.None;

    public IReadOnlyList<string> PersonaNames { get; private set; } = [];

    public IReadOnlyList<string> Models => chat.Value.AllowedModels;

    public string? Error { get; private set; }

    public TimeZoneInfo Zone => chat.Value.TimeZone;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!TryReadKey())
        {
            return NotFound();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken cancellationToken)
    {
        if (!TryReadKey())
        {
            return NotFound();
        }

        // A chat forgets every context it has (the shared one and each member's); a member's own page forgets just that one.
        if (Key.IsMember)
        {
            await store.ResetAsync(Key, cancellationToken);
        }
        else
        {
            await store.ResetChatAsync(Key, cancellationToken);
        }

        return Redirect(ConsoleLinks.Chat(Key) + "&done=reset");
    }

    public async Task<IActionResult> OnPostSettingsAsync(ChatSettingsForm form, CancellationToken cancellationToken)
    {
        if (!TryReadKey())
        {
            return NotFound();
        }

        var current = settings.Get(Key.Chat);
        if (form.Apply(current, personas, Models) is not { } changed)
        {
            Error = ConsoleLinks.Format(HttpContext.Texts().InvalidChoice, form.Invalid);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        await settings.SetAsync(Key.Chat, changed, cancellationToken);
        return Redirect(ConsoleLinks.Chat(Key) + "&done=saved");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(Key, cancellationToken);
        TotalTurns = snapshot.Turns.Count;
        Turns = [.. snapshot.Turns.Skip(Math.Max(0, snapshot.Turns.Count - ShownTurns))];
        Settings = settings.Get(Key.Chat);
        PersonaNames = [.. personas.List().Select(persona => persona.Name)];
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
