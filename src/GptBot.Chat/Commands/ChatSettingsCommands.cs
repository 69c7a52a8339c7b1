using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Commands;

/// <summary>
/// The sub-commands that read or change one chat's own settings: status, persona, model, off/on and scope. Each change
/// is durable before it is confirmed, and applies to the whole chat (the group, in a member-scope group too).
/// </summary>
public sealed partial class ChatSettingsCommands(
    IChatSettingsStore settingsStore,
    IPersonaCatalog personas,
    IEnumerable<IChatStatusLine> statusLines,
    IOptions<ChatServiceOptions> options,
    IOptions<ReplyOptions> replyOptions,
    ILogger<ChatSettingsCommands> logger)
{
    private readonly IChatStatusLine[] _statusLines = [.. statusLines];

    public string Status(IncomingMessage message)
    {
        var chat = message.Key.Chat;
        var settings = settingsStore.Get(chat);
        var global = options.Value;
        var lines = ChatTexts.StatusLines(
            settings.Enabled ?? true,
            settings.Persona,
            global.AllowedModel(settings.Model) ?? global.DefaultModel,
            settings.ReplyMode ?? replyOptions.Value.Mode,
            chat.IsGroup ? settings.Scope ?? global.ContextScope : null,
            global.MaxHistoryTurns).ToList();
        foreach (var line in _statusLines)
        {
            if (line.LineFor(chat, message.SenderId) is { } extra)
            {
                lines.Add(extra);
            }
        }

        return string.Join('\n', lines);
    }

    public async Task<string> PersonaAsync(IncomingMessage message, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var chat = message.Key.Chat;
        var settings = settingsStore.Get(chat);
        switch (words.Count)
        {
            case 0:
                var all = personas.List();
                return all.Count == 0 ? ChatTexts.NoPersonas : ChatTexts.PersonaList(all.Select(p => p.Name), settings.Persona);
            case 1 when words[0].Equals("default", StringComparison.OrdinalIgnoreCase):
                await ChangeAsync(message, settings with { Persona = null }, "persona", "default", cancellationToken);
                return ChatTexts.PersonaReset;
            case 1:
                if (personas.Find(words[0]) is not { } persona)
                {
                    return ChatTexts.PersonaUnknown(words[0], personas.List().Select(p => p.Name));
                }

                await ChangeAsync(message, settings with { Persona = persona.Name }, "persona", persona.Name, cancellationToken);
                return ChatTexts.PersonaSet(persona.Name);
            default:
                return ChatTexts.PersonaUsage;
        }
    }

    public async Task<string> ModelAsync(IncomingMessage message, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var chat = message.Key.Chat;
        var settings = settingsStore.Get(chat);
        var global = options.Value;
        var allowed = global.AllowedModels;
        switch (words.Count)
        {
            case 0:
                return ChatTexts.ModelList(allowed, global.AllowedModel(settings.Model) ?? global.DefaultModel);
            case 1 when words[0].Equals("default", StringComparison.OrdinalIgnoreCase) && !allowed.Contains(words[0], StringComparer.Ordinal):
                await ChangeAsync(message, settings with { Model = null }, "model", "default", cancellationToken);
                return ChatTexts.ModelSet(global.DefaultModel);
            case 1:
                // Model names are the provider's, exact; a differently cased one is still recognised as the listed one.
                if (allowed.FirstOrDefault(m => m.Equals(words[0], StringComparison.OrdinalIgnoreCase)) is not { } model)
                {
                    return ChatTexts.ModelUnknown(words[0], allowed);
                }

                await ChangeAsync(message, settings with { Model = model }, "model", model, cancellationToken);
                return ChatTexts.ModelSet(model);
            default:
                return ChatTexts.ModelUsage;
        }
    }

    public async Task<string> SwitchAsync(IncomingMessage message, bool enabled, CancellationToken cancellationToken)
    {
        // On is the default: a chat switched back on needs no stored row for it.
        var settings = settingsStore.Get(message.Key.Chat) with { Enabled = enabled ? null : false };
        await ChangeAsync(message, settings, "enabled", enabled ? "on" : "off", cancellationToken);
        return enabled ? ChatTexts.Enabled : ChatTexts.Disabled;
    }

    public async Task<string> ScopeAsync(IncomingMessage message, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        if (!message.Key.IsGroup)
        {
            return ChatTexts.ScopeOnlyInGroups;
        }

        ContextScope? scope = words is [var word] ? word.ToLowerInvariant() switch
        {
            "group" => ContextScope.Group,
            "member" => ContextScope.Member,
            _ => null,
        } : null;
        if (scope is not { } chosen)
        {
            return ChatTexts.ScopeUsage;
        }

        var settings = settingsStore.Get(message.Key.Chat) with { Scope = chosen };
        await ChangeAsync(message, settings, "scope", chosen.ToString(), cancellationToken);
        return chosen == ContextScope.Member ? ChatTexts.ScopeMember : ChatTexts.ScopeGroup;
    }

    private async Task ChangeAsync(IncomingMessage message, ChatSettings settings, string setting, string value, CancellationToken cancellationToken)
    {
        await settingsStore.SetAsync(message.Key.Chat, settings, cancellationToken);
        LogChanged(logger, message.Key.Chat, setting, value, message.SenderId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat {Chat}: {Setting} set to {Value} by {UserId}")]
    private static partial void LogChanged(ILogger logger, ConversationKey chat, string setting, string value, long userId);
}
