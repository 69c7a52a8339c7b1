using System.Collections.Concurrent;
using GptBot.Chat.Model;
using Microsoft.Extensions.Options;

namespace GptBot.Chat.Replies;

/// <summary>
/// Spaces the bot's messages in each chat to at most GPT_MESSAGES_PER_SECOND, answers and notices alike: bursts are
/// what QQ's risk control punishes. State is one time per chat, in memory, on the monotonic clock: a wall clock stepped
/// back would otherwise hold every chat's next message for as long as it was stepped.
/// </summary>
public sealed class ReplyPacer(IOptions<ReplyOptions> options, TimeProvider timeProvider)
{
    private const int PruneAbove = 4096;
    private readonly long _origin = timeProvider.GetTimestamp();

    /// <summary>When each chat may send next, as time since <see cref="_origin"/>.</summary>
    private readonly ConcurrentDictionary<ConversationKey, TimeSpan> _nextAllowed = new();
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / options.Value.MessagesPerSecond);

    /// <summary>Waits until this chat may send again, without taking the turn (the send itself takes it).</summary>
    public Task WaitUntilReadyAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        // Paced per chat, not per context: QQ counts a group's messages, whoever's context they answer.
        var delay = _nextAllowed.TryGetValue(key.Chat, out var next) ? next - Now() : TimeSpan.Zero;
        return delay > TimeSpan.Zero ? Task.Delay(delay, timeProvider, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Takes the chat's next send turn and waits for it.</summary>
    public Task TakeTurnAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var now = Now();
        var turn = now;
        _nextAllowed.AddOrUpdate(
            key.Chat,
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
    private TimeSpan Now() => timeProvider.GetElapsedTime(_origin);

    private void Prune(TimeSpan now)
    {
        if (_nextAllowed.Count <= PruneAbove)
        {
            return;
        }

        foreach (var (key, next) in _nextAllowed)
        {
            if (next < now)
            {
                _nextAllowed.TryRemove(new KeyValuePair<ConversationKey, TimeSpan>(key, next));
            }
        }
    }
}
