using Microsoft.Extensions.Options;

namespace GptBot.Chat.Commands;

/// <summary>
/// NoneBot's command rule for <c>gpt</c> and <c>gpt_control</c>: the message's leading text (left-trimmed) must start
/// with a COMMAND_START prefix plus the command; the longest match wins, so <c>/gpt_control</c> is never a chat prompt.
/// No separator is needed (<c>/gpt你好</c> works) and matching is case-sensitive.
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

    public ParsedCommand Match(string text)
    {
        var span = text.AsSpan().TrimStart();
        foreach (var (prefix, name) in _prefixes)
        {
            if (span.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new ParsedCommand(name, span[prefix.Length..].Trim().ToString());
            }
        }

        return default;
    }
}
