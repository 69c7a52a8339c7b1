using System.Collections.Concurrent;
using GptBot.Chat.Model;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Replies;

/// <summary>
/// Spaces the bot's messages in each chat to at most GPT_MESSAGES_PER_SECOND, answers and notices alike: bursts are
/// what QQ's risk control punishes. State is one timestamp per chat, in memory.
/// </summary>
public sealed class ReplyPacer(IOptions<ReplyOptions> options, TimeProvider timeProvider)
{
    private const int PruneAbove = 4096;
    private readonly ConcurrentDictionary<ConversationKey, DateTimeOffset> _nextAllowed = new();
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / options.Value.MessagesPerSecond);

    /// <summary>Waits until this chat may send again, without taking the turn (the send itself takes it).</summary>
    public Task WaitUntilReadyAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var delay = _nextAllowed.TryGetValue(key, out var next) ? next - timeProvider.GetUtcNow() : TimeSpan.Zero;
        return delay > TimeSpan.Zero ? Task.Delay(delay, timeProvider, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Takes the chat's next send turn and waits for it.</summary>
    public Task TakeTurnAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var turn = now;
        _nextAllowed.AddOrUpdate(
            key,
            _ => now + _interval,
            (_, next) =>
            {
                turn = next > now ? next : now;
                return turn + _interval;
            });
        Prune(now);
        var delay = turn - now;
        return delay > TimeSpan.Zero ? Task.Delay(delay, timeProvider, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Forgets chats whose turn has long passed, so a bot in thousands of groups keeps a small table.</summary>
    private void Prune(DateTimeOffset now)
    {
        if (_nextAllowed.Count <= PruneAbove)
        {
            return;
        }

        foreach (var (key, next) in _nextAllowed)
        {
            if (next < now)
            {
                _nextAllowed.TryRemove(new KeyValuePair<ConversationKey, DateTimeOffset>(key, next));
            }
        }
    }
}
