using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using Microsoft.Extensions.Logging;

namespace GptBot.Chat.Dispatch;

/// <summary>What the responder tells the operator.</summary>
public sealed partial class ChatResponder
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Asking the LLM for {Conversation} (from {SenderId}, {Turns} earlier turns, queued {Waited:0.0} s)")]
    private static partial void LogAsking(ILogger logger, ConversationKey conversation, long senderId, int turns, double waited);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model stopped at the answer's token limit (GPT_MAX_ANSWER_TOKENS={Limit}); the answer is cut off")]
    private static partial void LogCutAtMaxTokens(ILogger logger, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered {Conversation}: {Length} chars in {Messages} messages; tokens in {InputTokens}, out {OutputTokens}")]
    private static partial void LogAnswered(ILogger logger, ConversationKey conversation, int length, int messages, long? inputTokens, long? outputTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No complete answer for {Conversation} within {Seconds} s (GPT_TIMEOUT); {Sent} lines had been sent")]
    private static partial void LogTimedOut(ILogger logger, ConversationKey conversation, double seconds, int sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request in {Conversation} waited {Waited:0.0} s behind earlier ones of its chat (more than GPT_QUEUE_TIMEOUT); told the user to resend")]
    private static partial void LogQueueTimedOut(ILogger logger, ConversationKey conversation, double waited);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request in {Conversation} refused: its turn under GPT_REQUEST_MINIMAL_INTERVAL is more than {MaxWait} s off (GPT_INTERVAL_MAX_WAIT; told: {Told})")]
    private static partial void LogIntervalBacklog(ILogger logger, ConversationKey conversation, double maxWait, bool told);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer for {Conversation} cut short by the service stopping (GPT_SHUTDOWN_GRACE_SECONDS passed); told the chat")]
    private static partial void LogAbortedByStop(ILogger logger, ConversationKey conversation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM request for {Conversation} failed ({Kind}, provider code {ProviderCode}): {Detail}")]
    private static partial void LogBackendFailed(ILogger logger, ConversationKey conversation, ChatFailureKind kind, string providerCode, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure answering {Conversation}")]
    private static partial void LogUnexpected(ILogger logger, ConversationKey conversation, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The answer in {Conversation} was sent but could not be stored; the chat will not remember this exchange")]
    private static partial void LogNotStored(ILogger logger, ConversationKey conversation, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Context of {Conversation} expired after {Minutes} idle minutes (GPT_CONTEXT_EXPIRE_MINUTES)")]
    private static partial void LogExpired(ILogger logger, ConversationKey conversation, double minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model said the context is too long; retrying with the last {Turns} turns")]
    private static partial void LogContextTooLong(ILogger logger, int turns);
}
