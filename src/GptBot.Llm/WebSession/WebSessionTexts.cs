namespace GptBot.Llm.WebSession;

/// <summary>GptBot's own chat texts for web-backend failures the seed crashed on (it sent nothing).</summary>
internal static class WebSessionTexts
{
    /// <summary>The backend put an <c>error</c> into the stream; the detail goes to the log only.</summary>
    public const string InStreamError = "LLM 在回答途中报错，请查看日志输出。";
}
