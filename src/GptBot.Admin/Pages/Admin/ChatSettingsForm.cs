using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;

namespace GptBot.Admin.Pages.Admin;

/// <summary>
/// The chat page's settings form as posted: each field empty ("as the global settings say") or one of the values the
/// <c>/gpt_control</c> commands accept. Probability is not on the form and is kept as it was.
/// </summary>
public sealed class ChatSettingsForm
{
    public string? Enabled { get; set; }

    public string? Persona { get; set; }

    public string? Model { get; set; }

    public string? Scope { get; set; }

    public string? ReplyMode { get; set; }

    /// <summary>The value <see cref="Apply"/> refused, for the error text.</summary>
    public string? Invalid { get; private set; }

    public static string Value(bool? enabled) => enabled switch { true => "on", false => "off", null => string.Empty };

    public static string Value(ContextScope? scope) => scope?.ToString().ToLowerInvariant() ?? string.Empty;

    public static string Value(ReplyMode? mode) => mode?.ToString().ToLowerInvariant() ?? string.Empty;

    /// <summary>The chat's settings with the form's choices, or null (and <see cref="Invalid"/>) when one is not allowed.</summary>
    public ChatSettings? Apply(ChatSettings current, IPersonaCatalog personas, IReadOnlyList<string> models)
    {
        bool? enabled = Enabled switch
        {
            null or "" => null,
            "on" => true,
            "off" => false,
            _ => Refuse<bool?>(Enabled),
        };
        string? persona = string.IsNullOrEmpty(Persona) ? null : personas.Find(Persona)?.Name ?? Refuse<string>(Persona);
        string? model = string.IsNullOrEmpty(Model) ? null : models.FirstOrDefault(allowed => allowed == Model) ?? Refuse<string>(Model);
        ContextScope? scope = string.IsNullOrEmpty(Scope) ? null : Enum.TryParse<ContextScope>(Scope, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : Refuse<ContextScope?>(Scope);
        ReplyMode? mode = string.IsNullOrEmpty(ReplyMode) ? null : Enum.TryParse<ReplyMode>(ReplyMode, ignoreCase: true, out var m) && Enum.IsDefined(m) ? m : Refuse<ReplyMode?>(ReplyMode);
        return Invalid is not null
            ? null
            : current with { Enabled = enabled, Persona = persona, Model = model, Scope = scope, ReplyMode = mode };
    }

    private T? Refuse<T>(string? value)
    {
        Invalid ??= value;
        return default;
    }
}
