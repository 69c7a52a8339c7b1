namespace GptBot.Chat.Settings;

/// <summary>A named system prompt: one file of GPT_PERSONAS_DIR, the name being the file name without extension.</summary>
public sealed record Persona(string Name, string Prompt);
