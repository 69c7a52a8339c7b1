namespace GptBot.Chat.Dispatch;

/// <summary>
/// A prompt's turn at the LLM, taken when it reached the front of its conversation's lane: how long it waited there,
/// and the wait for its start slot under GPT_REQUEST_MINIMAL_INTERVAL (null when it already waited longer than
/// GPT_QUEUE_TIMEOUT and is to be told to resend instead).
/// </summary>
public readonly record struct PromptTurn(TimeSpan Waited, Task? StartSlot);
