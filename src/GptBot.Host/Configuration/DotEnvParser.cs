using System.Text;

namespace GptBot.Host.Configuration;

/// <summary>
/// Reads a <c>.env</c> file the way python-dotenv (and so NoneBot) does, so a nonebot-plugin-gpt <c>.env</c> works
/// unchanged: <c>KEY=value</c> with optional <c>export</c>; unquoted values may hold spaces, brackets and quotes
/// (<c>COMMAND_START=["/", ""]</c>, <c>GPT_SUDOERS=[123, 456]</c>) and end at a <c> #</c> comment; single quotes are
/// literal; double quotes decode <c>\n</c>, <c>\t</c>, <c>\"</c>, <c>\\</c>; quoted values may span lines.
/// Variable interpolation (<c>${VAR}</c>) is not done.
/// </summary>
internal static class DotEnvParser
{
    public static Dictionary<string, string> Parse(string content, string fileName)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lines = content.ReplaceLineEndings("\n").Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue; // python-dotenv accepts a bare KEY (no value); it sets nothing here either
            }

            var key = line[..equals].Trim();
            var rest = line[(equals + 1)..].TrimStart();
            var firstLine = index + 1;
            values[key] = rest.Length > 0 && rest[0] is '"' or '\''
                ? ReadQuoted(lines, ref index, rest, fileName, key, firstLine)
                : StripComment(rest);
        }

        return values;
    }

    private static string StripComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] == '#' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i].TrimEnd();
            }
        }

        return value.TrimEnd();
    }

    private static string ReadQuoted(string[] lines, ref int index, string rest, string fileName, string key, int firstLine)
    {
        var quote = rest[0];
        var value = new StringBuilder();
        var text = rest[1..];
        while (true)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == quote)
                {
                    return value.ToString();
                }

                if (c == '\\' && i + 1 < text.Length)
                {
                    var next = text[i + 1];
                    if (quote == '"' || next is '\'' or '\\')
                    {
                        value.Append(quote == '"' ? Unescape(next) : next.ToString());
                        i++;
                        continue;
                    }
                }

                value.Append(c);
            }

            if (++index >= lines.Length)
            {
                throw new SettingsException(key, $"the quoted value opened on line {firstLine} of {fileName} is never closed");
            }

            value.Append('\n');
            text = lines[index];
        }
    }

    private static string Unescape(char escaped) => escaped switch
    {
        'n' => "\n",
        't' => "\t",
        'r' => "\r",
        '"' => "\"",
        '\\' => "\\",
        var other => "\\" + other,
    };
}
