using GptBot.Chat.Model;
using GptBot.Chat.Settings;
using Microsoft.Extensions.Logging;

namespace GptBot.Chat.Dispatch;

/// <summary>What a chat's own settings change in the request: the system prompt and the model.</summary>
public sealed partial class ChatResponder
{
    /// <summary>
    /// The chat's persona, or GPT_SYSTEM_PROMPT. A persona whose file has gone since the chat chose it falls back to the
    /// global prompt rather than fail the answer; the operator hears of it.
    /// </summary>
    private string? SystemPromptFor(ConversationKey key, ChatSettings chat)
    {
        if (chat.Persona is not { } name)
        {
            return options.Value.SystemPrompt;
        }

        if (personas.Find(name) is { } persona)
        {
            return persona.Prompt;
        }

        LogPersonaMissing(logger, key.Chat, name);
        return options.Value.SystemPrompt;
    }

    /// <summary>
    /// The chat's model while GPT_MODELS still allows it, else null (GPT_MODEL): a model the operator took off the list
    /// (for its cost, say) must stop being asked by the chats that chose it before, as <c>/gpt_control model</c> refuses it.
    /// </summary>
    private string? ModelFor(ConversationKey key, ChatSettings chat)
    {
        if (chat.Model is not { } chosen)
        {
            return null;
        }

        // The command stores the listed spelling; a list re-cased since still names the same model.
        if (options.Value.AllowedModel(chosen) is { } allowed)
        {
            return allowed;
        }

        LogModelNotAllowed(logger, key.Chat, chosen);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat {Chat} chose model {Model}, which GPT_MODELS no longer lists; answering with GPT_MODEL")]
    private static partial void LogModelNotAllowed(ILogger logger, ConversationKey chat, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat {Chat} uses persona {Persona}, which GPT_PERSONAS_DIR no longer has; answering with GPT_SYSTEM_PROMPT")]
    private static partial void LogPersonaMissing(ILogger logger, ConversationKey chat, string persona);

    /// <summary>What one answer asks: whose conversation, with which system prompt, of which model (null: GPT_MODEL).</summary>
    private readonly record struct AnswerRequest(ConversationKey Key, string? SystemPrompt, string? Model);
}
