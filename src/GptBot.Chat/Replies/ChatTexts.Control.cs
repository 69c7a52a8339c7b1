using System.Globalization;
using GptBot.Chat.Settings;

namespace GptBot.Chat.Replies;

/// <summary>The answers of the per-chat <c>/gpt_control</c> commands (status, persona, model, on/off, scope, block).</summary>
public static partial class ChatTexts
{
    public const string Enabled = "已开启本聊天的回答。";
    public const string Disabled = "已关闭本聊天的回答（命令仍然可用），发送 /gpt_control on 恢复。";
    public const string PersonaReset = "已恢复默认人设。";
    public const string NoPersonas = "还没有可用的人设（GPT_PERSONAS_DIR 文件夹中没有 .md 或 .txt 文件）。";
    public const string ScopeOnlyInGroups = "只有群聊可以设置上下文范围。";
    public const string ScopeGroup = "本群改为全群共享一个上下文。";
    public const string ScopeMember = "本群改为每位成员各自一个上下文。";
    public const string ScopeUsage = "用法：/gpt_control scope group（全群共享）或 /gpt_control scope member（每人独立）";
    public const string BlockUsage = "用法：/gpt_control block <QQ号> 或 /gpt_control unblock <QQ号>";
    public const string ResetUsage = "用法：/gpt_control reset_context，或 /gpt_control reset_context group <群号> / private <QQ号>";
    public const string PersonaUsage = "用法：/gpt_control persona（列出）、/gpt_control persona <名称> 或 /gpt_control persona default";
    public const string ModelUsage = "用法：/gpt_control model（列出）或 /gpt_control model <名称>";
    public const string CannotBlockSudoer = "不能屏蔽 GPT_SUDOERS 中的用户。";

    public static string PersonaSet(string name) => $"本聊天的人设已切换为：{name}";

    public static string PersonaUnknown(string name, IEnumerable<string> available) => $"没有名为 {name} 的人设。可用：{JoinOrNone(available)}";

    public static string PersonaList(IEnumerable<string> available, string? current) =>
        $"可用人设：{JoinOrNone(available)}\n当前：{current ?? DefaultPersona}";

    public static string ModelSet(string name) => $"本聊天的模型已切换为：{name}";

    public static string ModelUnknown(string name, IEnumerable<string> available) => $"模型 {name} 不在可用列表（GPT_MODELS）中。可用：{JoinOrNone(available)}";

    public static string ModelList(IEnumerable<string> available, string current) => $"可用模型：{JoinOrNone(available)}\n当前：{current}";

    public static string Blocked(long userId) => string.Create(CultureInfo.InvariantCulture, $"已屏蔽 {userId}，机器人在所有聊天中都不再回应他。");

    public static string Unblocked(long userId) => string.Create(CultureInfo.InvariantCulture, $"已解除对 {userId} 的屏蔽。");

    public static string NotBlocked(long userId) => string.Create(CultureInfo.InvariantCulture, $"{userId} 没有被屏蔽。");

    public static string BlockedByConfiguration(long userId) =>
        string.Create(CultureInfo.InvariantCulture, $"{userId} 是在配置 GPT_BLOCKED_USERS 中屏蔽的，请修改配置并重启后才能解除。");

    /// <summary>reset_context in a group where every member has a context of their own: only the asker's was reset.</summary>
    public static string ResetMemberDone(long groupId, long memberId) =>
        string.Create(CultureInfo.InvariantCulture, $"重置{memberId}在群{groupId}中的上下文成功");

    /// <summary>The first lines of <c>/gpt_control status</c>; other features add lines after these.</summary>
    public static IEnumerable<string> StatusLines(bool enabled, string? persona, string model, ReplyMode replyMode, ContextScope? scope, int turnsKept)
    {
        yield return enabled ? "状态：开启" : "状态：关闭";
        yield return $"人设：{persona ?? DefaultPersona}";
        yield return $"模型：{model}";
        yield return $"回复方式：{ReplyModeName(replyMode)}";
        if (scope is { } groupScope)
        {
            yield return groupScope == ContextScope.Member ? "上下文：每位成员各自一个" : "上下文：全群共享";
        }

        yield return turnsKept > 0 ? string.Create(CultureInfo.InvariantCulture, $"保留轮数：{turnsKept}") : "保留轮数：不限";
    }

    private const string DefaultPersona = "默认";

    private static string ReplyModeName(ReplyMode mode) => mode switch
    {
        ReplyMode.Stream => "逐行发送（stream）",
        ReplyMode.Whole => "整段发送（whole）",
        ReplyMode.Forward => "长回答用合并转发（forward）",
        _ => "长回答用图片（image）",
    };

    private static string JoinOrNone(IEnumerable<string> items)
    {
        var joined = string.Join("、", items);
        return joined.Length == 0 ? "（无）" : joined;
    }
}
