namespace GptBot.Chat.Commands;

/// <summary>The <c>/gpt_control</c> sub-commands. Who may use which is <see cref="ControlPermissions"/>'s to say.</summary>
public enum ControlAction
{
    /// <summary>Not a sub-command GptBot knows: <c>无效命令</c>.</summary>
    Unknown,

    /// <summary><c>reset_context</c>: forget this chat's context (the asker's own in a member-scope group).</summary>
    ResetContext,

    /// <summary><c>reset_context group &lt;id&gt;</c> / <c>private &lt;id&gt;</c>: forget another chat's context.</summary>
    ResetOther,

    /// <summary><c>refresh_session</c>: refresh the backend's credentials.</summary>
    RefreshSession,

    Status,

    /// <summary><c>persona</c> (list), <c>persona &lt;name&gt;</c>, <c>persona default</c>.</summary>
    Persona,

    /// <summary><c>model</c> (list), <c>model &lt;name&gt;</c>.</summary>
    Model,

    Off,

    On,

    /// <summary><c>scope group</c> / <c>scope member</c>.</summary>
    Scope,

    Block,

    Unblock,

    /// <summary><c>usage</c>: today's tokens in this chat and who spent the most.</summary>
    Usage,
}

/// <summary>
/// A <c>/gpt_control</c> argument read as a sub-command and its words. Sub-command names are case-sensitive, as the
/// original plugin's were; the words are split on whitespace. The seed's two actions take no words: with any, they are
/// unknown, as they always were.
/// </summary>
/// <param name="Words">The words after the sub-command's name.</param>
public sealed record ControlCommand(ControlAction Action, IReadOnlyList<string> Words)
{
    private static readonly Dictionary<string, ControlAction> Verbs = new(StringComparer.Ordinal)
    {
        ["reset_context"] = ControlAction.ResetContext,
        ["refresh_session"] = ControlAction.RefreshSession,
        ["status"] = ControlAction.Status,
        ["persona"] = ControlAction.Persona,
        ["model"] = ControlAction.Model,
        ["off"] = ControlAction.Off,
        ["on"] = ControlAction.On,
        ["scope"] = ControlAction.Scope,
        ["block"] = ControlAction.Block,
        ["unblock"] = ControlAction.Unblock,
        ["usage"] = ControlAction.Usage,
    };

    public static ControlCommand Parse(string argument)
    {
        var words = argument.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !Verbs.TryGetValue(words[0], out var action))
        {
            return new ControlCommand(ControlAction.Unknown, []);
        }

        string[] rest = words[1..];
        return action switch
        {
            ControlAction.ResetContext when rest.Length > 0 => new ControlCommand(ControlAction.ResetOther, rest),
            ControlAction.RefreshSession or ControlAction.Status or ControlAction.Off or ControlAction.On or ControlAction.Usage when rest.Length > 0 =>
                new ControlCommand(ControlAction.Unknown, []),
            _ => new ControlCommand(action, rest),
        };
    }
}
