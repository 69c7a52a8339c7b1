using System.Globalization;

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

    public static string PromptTooLong(int maxLength) => $"问题太长了（最多 {maxLength} 字），请缩短后再发。";

    /// <summary>GPT_INTERVAL_MAX_WAIT: the requests of all chats ahead of this one would keep it waiting longer.</summary>
    public static string IntervalBacklog(TimeSpan maxWait) =>
        string.Create(CultureInfo.InvariantCulture, $"现在请求太多，排队要超过 {maxWait.TotalSeconds:0.#} 秒，请稍后再发。");

    public static string ResetDone(long id) => $"重置{id}的上下文成功";

    public static string HttpError(int status, string reason) => $"error {status}: {reason}";
}
