using System.Globalization;
using System.Text;
using GptBot.Chat.Settings;

namespace GptBot.Chat.Replies;

/// <summary>Every text the bot says on its own. The first group is the seed's (0.1.18), byte for byte.</summary>
public static partial class ChatTexts
{
    public const string NoPermission = "没有权限";
    public const string InvalidCommand = "无效命令";
    public const string RefreshDone = "刷新成功";
    public const string Timeout = "请求超时";
    public const string TokenExpiredRefreshed = "token 过期，已刷新成功，请重试。";
    public const string TokenExpiredRefreshFailed = "token 过期，但刷新失败，请查看日志输出。";

    /// <summary>The seed's answer to a failed refresh_session (its later versions); 0.1.18 said nothing at all.</summary>
    public const string RefreshFailed = "刷新失败，请到控制台查看报错。";

    // GptBot's own texts, for cases the seed crashed on or did not have.
    public const string ConnectionFailed = "无法连接到 LLM 服务，请查看日志输出。";
    public const string UnexpectedFailure = "请求失败，请查看日志输出。";
    public const string EmptyAnswer = "模型没有返回内容。";
    public const string QueueFull = "前面排队的请求太多了，请稍后再发。";
    public const string QueueTimeout = "排队等待超时，请重新发送。";
    public const string PromptOverWindow = "这条消息太长了，超出了模型的上下文窗口，请缩短后再发。";
    public const string StreamBroken = "与 LLM 服务的连接中断，请重试。";
    public const string StreamGarbled = "LLM 返回了无法解析的内容，请查看日志输出。";

    /// <summary>The web backend put an <c>error</c> into its answer stream; the detail goes to the log only.</summary>
    public const string ErrorInAnswer = "LLM 在回答途中报错，请查看日志输出。";

    /// <summary>Sent when an answer could not be delivered as text, merged-forward message or image.</summary>
    public const string ReplyUndelivered = "回答未能发出（可能被 QQ 拦截），请稍后再试或换个问法。";
    // Resilience and input limits.
    public const string LlmUnavailable = "LLM 服务暂时不可用，请稍后再试。";
    public const string RateLimited = "你发得太快了，请稍后再试。";
    public const string ShuttingDown = "机器人正在重启，这个问题没来得及回答，请稍后重新发送。";

    // Images in a /gpt message (GPT_VISION).
    public const string ImagesRefusedByModel = "当前模型不支持识别图片，请只发文字，或请管理员换用支持图片的模型。";
    public const string ImagesNotSupported = "当前后端不支持图片，请只发文字。";

    // Daily token budgets (GPT_DAILY_TOKENS_PER_USER, GPT_DAILY_TOKENS_PER_CHAT).
    public const string UserBudgetSpent = "你今天的 token 用量已达上限，明天再来吧。";
    public const string GroupBudgetSpent = "本群今天的 token 用量已达上限，明天再来吧。";
    public const string PrivateBudgetSpent = "这个私聊今天的 token 用量已达上限，明天再来吧。";

    public static string PromptTooLong(int maxLength) => $"问题太长了（最多 {maxLength} 字），请缩短后再发。";

    /// <summary>GPT_INTERVAL_MAX_WAIT: the requests of all chats ahead of this one would keep it waiting longer.</summary>
    public static string IntervalBacklog(TimeSpan maxWait) =>
        string.Create(CultureInfo.InvariantCulture, $"现在请求太多，排队要超过 {maxWait.TotalSeconds:0.#} 秒，请稍后再发。");

    /// <summary>The line <c>/gpt_control status</c> shows for today's tokens (with the chat's daily budget when one is set).</summary>
    public static string TodayTokens(TokenUsage usage, int chatLimit) =>
        chatLimit > 0 ? $"今日 token：{Count(usage.Total)} / {Count(chatLimit)}" : $"今日 token：{Count(usage.Total)}";

    /// <summary><c>/gpt_control usage</c>: today's tokens in this chat, the budgets, and who spent the most.</summary>
    public static string UsageReport(ChatUsage usage, int userLimit, int chatLimit)
    {
        var chat = usage.Chat.IsGroup ? "本群" : "本聊天";
        var day = usage.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (usage.Usage.Total == 0)
        {
            return $"今日（{day}）{chat}还没有用过 token。" + Limits(userLimit, chatLimit, chat);
        }

        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"今日（{day}）{chat} token 用量：{Count(usage.Usage.Total)}（输入 {Count(usage.Usage.InputTokens)}，输出 {Count(usage.Usage.OutputTokens)}）")
            .Append(Limits(userLimit, chatLimit, chat));
        if (usage.TopUsers.Count > 0)
        {
            text.Append("\n用得最多的：");
            for (var i = 0; i < usage.TopUsers.Count; i++)
            {
                var user = usage.TopUsers[i];
                text.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. {user.UserId}：{Count(user.Usage.Total)}");
            }
        }

        return text.ToString();
    }

    public static string ResetDone(long id) => $"重置{id}的上下文成功";

    public static string HttpError(int status, string reason) => $"error {status}: {reason}";

    private static string Limits(int userLimit, int chatLimit, string chat) => (userLimit > 0, chatLimit > 0) switch
    {
        (true, true) => $"\n上限：每人每天 {Count(userLimit)}，{chat}每天 {Count(chatLimit)}",
        (true, false) => $"\n上限：每人每天 {Count(userLimit)}",
        (false, true) => $"\n上限：{chat}每天 {Count(chatLimit)}",
        _ => string.Empty,
    };

    private static string Count(long tokens) => tokens.ToString("N0", CultureInfo.InvariantCulture);
}
