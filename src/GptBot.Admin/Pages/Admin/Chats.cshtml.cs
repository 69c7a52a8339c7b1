using GptBot.Admin.Texts;
using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace GptBot.Admin.Pages.Admin;

/// <summary>The chats the store holds, most recently active first, searchable by group or QQ number.</summary>
public sealed class ChatsModel(IConversationCatalog catalog, IChatSettingsStore settings, IOptions<ChatServiceOptions> chat) : PageModel
{
    /// <summary>At most this many rows: the page stays small however many chats the bot has.</summary>
    public const int Limit = 200;

    [BindProperty(Name = "q", SupportsGet = true)]
    public string? Search { get; set; }

    public IReadOnlyList<ConversationSummary> Chats { get; private set; } = [];

    public TimeZoneInfo Zone => chat.Value.TimeZone;

    /// <summary>What the chat changed for itself, in a few words; empty when it follows the global settings.</summary>
    public string Summary(ConversationKey key, ConsoleTexts texts)
    {
        var chosen = settings.Get(key.Chat);
        if (chosen.IsEmpty)
        {
            return texts.GlobalSettings;
        }

        List<string> parts = [];
        if (chosen.Enabled is { } enabled)
        {
            parts.Add(enabled ? texts.On : texts.Off);
        }

        AddNamed(parts, texts.SettingPersona, chosen.Persona);
        AddNamed(parts, texts.SettingModel, chosen.Model);
        AddNamed(parts, texts.SettingScope, chosen.Scope is { } scope ? scope == ContextScope.Member ? texts.ScopeMember : texts.ScopeGroup : null);
        AddNamed(parts, texts.SettingReplyMode, ChatSettingsForm.Value(chosen.ReplyMode) is { Length: > 0 } mode ? mode : null);
        return string.Join(" · ", parts);
    }

    private static void AddNamed(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add($"{name} {value}");
        }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var search = Search?.Trim();
        Chats = await catalog.ListAsync(string.IsNullOrEmpty(search) ? null : search, Limit, cancellationToken);
    }
}
