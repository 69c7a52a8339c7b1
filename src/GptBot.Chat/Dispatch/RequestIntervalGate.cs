using GptBot.Chat.Ports;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Dispatch;

/// <summary>
/// GPT_REQUEST_MINIMAL_INTERVAL: the starts of two LLM requests are at least the interval apart, across all chats.
/// A request that comes too early waits its turn in arrival order; nothing is dropped and no thread is blocked.
/// </summary>
public sealed class RequestIntervalGate(IOptions<ChatServiceOptions> options, TimeProvider timeProvider) : ILlmRequestGate
{
    private readonly TimeSpan _interval = options.Value.MinimalInterval;
    private readonly Lock _lock = new();
    private DateTimeOffset _nextStart = DateTimeOffset.MinValue;

    /// <summary>Reserves the next start slot and waits for it.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        if (_interval <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var now = timeProvider.GetUtcNow();
        DateTimeOffset start;
        lock (_lock)
        {
            start = _nextStart > now ? _nextStart : now;
            _nextStart = start + _interval;
        }

        var wait = start - now;
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, timeProvider, cancellationToken);
    }
}
