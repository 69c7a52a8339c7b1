namespace GptBot.Chat.Commands;

public enum CommandName
{
    None,
    Gpt,
    GptControl,
}

/// <summary>A recognised command and its argument (the text after the command, whitespace-trimmed).</summary>
public readonly record struct ParsedCommand(CommandName Name, string Argument);
