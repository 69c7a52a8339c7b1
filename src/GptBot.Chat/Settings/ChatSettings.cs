using GptBot.Chat.Replies;

namespace GptBot.Chat.Settings;

/// <summary>
/// What one chat (a group, or a private user) changed for itself with <c>/gpt_control</c> or the console. Every value is
/// an override: null means "as the global settings say", so a chat nobody touched behaves exactly as the .env does.
/// </summary>
public sealed record ChatSettings
{
    /// <summary>No override at all: the global settings.</summary>
    public static ChatSettings None { get; } = new();

    /// <summary>False when answering is switched off in this chat (<c>/gpt_control off</c>); commands keep working.</summary>
    public bool? Enabled { get; init; }

    /// <summary>The persona (a file of GPT_PERSONAS_DIR, by name) whose text replaces GPT_SYSTEM_PROMPT here.</summary>
    public string? Persona { get; init; }

    /// <summary>The model asked in this chat; one of GPT_MODELS.</summary>
    public string? Model { get; init; }

    /// <summary>How answers are sent in this chat (GPT_REPLY_MODE's values).</summary>
    public ReplyMode? ReplyMode { get; init; }

    /// <summary>Chance (0..1) of answering an ordinary message in this chat (GPT_PROBABILITY's meaning).</summary>
    public double? Probability { get; init; }

    /// <summary>Whether a group shares one context or keeps one per member (GPT_CONTEXT_SCOPE's values).</summary>
    public ContextScope? Scope { get; init; }

    /// <summary>True when nothing is overridden; such a chat needs no stored row.</summary>
    public bool IsEmpty => Equals(None);
}
