using Microsoft.Extensions.Options;

namespace GptBot.Chat.Commands;

/// <summary>
/// NoneBot's command rule for <c>gpt</c> and <c>gpt_control</c>: the message's leading text (left-trimmed) must start
/// with a COMMAND_START prefix plus the command; the longest match wins, so <c>/gpt_control</c> is never a chat prompt.
/// No separator is needed (<c>/gpt你好</c> works) and matching is case-sensitive. The command must lie within the leading
/// text (the message's first segment); its argument is the rest of the whole text.
/// </summary>
public sealed class CommandMatcher
{
    private readonly (string Prefix, CommandName Name)[] _prefixes;

    public CommandMatcher(IOptions<ChatServiceOptions> options)
    {
        _prefixes = options.Value.CommandStart
            .Distinct(StringComparer.Ordinal)
            .SelectMany(start => new[] { (start + "gpt_control", CommandName.GptControl), (start + "gpt", CommandName.Gpt) })
            .OrderByDescending(entry => entry.Item1.Length)
            .ToArray();
    }

    /// <param name="text">The message's text.</param>
    /// <param name="leadingLength">How many chars at its start are the first segment's; null for all of them.</param>
    public ParsedCommand Match(string text, int? leadingLength = null)
    {
        var leading = text.AsSpan(0, Math.Min(leadingLength ?? text.Length, text.Length));
        var start = leading.Length - leading.TrimStart().Length;
        foreach (var (prefix, name) in _prefixes)
        {
            if (leading[start..].StartsWith(prefix, StringComparison.Ordinal))
            {
                return new ParsedCommand(name, text.AsSpan(start + prefix.Length).Trim().ToString());
            }
        }

        return default;
    }
}
