using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Settings;

namespace GptBot.Chat.Usage;

/// <summary>
/// Token usage in memory: the ledger of GPT_STORE=memory (gone on restart, like its conversations), and the in-memory
/// part of the SQLite ledger. It keeps the newest <see cref="DaysKept"/> days it has seen; older ones are dropped when
/// a newer day's first answer is added, so a long-running bot holds a bounded number of rows.
/// </summary>
public sealed class InMemoryUsageLedger : IUsageLedger
{
    /// <summary>How long usage is kept by default: long enough for a monthly look back, short enough to stay small.</summary>
    public const int DefaultDaysKept = 90;

    private readonly Dictionary<DateOnly, DayTally> _days = [];
    private readonly Lock _lock = new();
    private DateOnly _newest = DateOnly.MinValue;

    public InMemoryUsageLedger()
        : this(DefaultDaysKept)
    {
    }

    /// <param name="daysKept">Days kept, the newest one seen included; at least 1.</param>
    public InMemoryUsageLedger(int daysKept)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(daysKept, 1);
        DaysKept = daysKept;
    }

    public int DaysKept { get; }

    /// <summary>The oldest day still held; a read of an earlier day finds nothing here.</summary>
    public DateOnly OldestKept
    {
        get
        {
            lock (_lock)
            {
                return _newest == DateOnly.MinValue ? DateOnly.MinValue : _newest.AddDays(1 - DaysKept);
            }
        }
    }

    public ValueTask AddAsync(ConversationKey chat, long userId, DateOnly day, TokenUsage usage, CancellationToken cancellationToken)
    {
        Add(chat, userId, day, usage);
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds usage at once; a day older than the kept ones is not kept.</summary>
    public void Add(ConversationKey chat, long userId, DateOnly day, TokenUsage usage)
    {
        lock (_lock)
        {
            if (day > _newest)
            {
                _newest = day;
                var oldest = day.AddDays(1 - DaysKept);
                foreach (var old in _days.Keys.Where(d => d < oldest).ToArray())
                {
                    _days.Remove(old);
                }
            }
            else if (day < _newest.AddDays(1 - DaysKept))
            {
                return;
            }

            if (!_days.TryGetValue(day, out var tally))
            {
                tally = new DayTally();
                _days.Add(day, tally);
            }

            tally.Add(chat, userId, usage);
        }
    }

    public ChatUsage ForChat(ConversationKey chat, DateOnly day, int topUsers = 5)
    {
        lock (_lock)
        {
            return _days.TryGetValue(day, out var tally) && tally.Chats.TryGetValue(chat, out var chatTally)
                ? chatTally.Snapshot(chat, day, topUsers)
                : new ChatUsage(chat, day, default, []);
        }
    }

    public TokenUsage ForUser(long userId, DateOnly day)
    {
        lock (_lock)
        {
            return _days.TryGetValue(day, out var tally) && tally.Users.TryGetValue(userId, out var usage) ? usage : default;
        }
    }

    public IReadOnlyList<ChatUsage> ForDay(DateOnly day, int topUsers = 5)
    {
        lock (_lock)
        {
            if (!_days.TryGetValue(day, out var tally))
            {
                return [];
            }

            return tally.Chats
                .Select(entry => entry.Value.Snapshot(entry.Key, day, topUsers))
                .OrderByDescending(usage => usage.Usage.Total)
                .ToArray();
        }
    }

    private sealed class DayTally
    {
        public Dictionary<ConversationKey, ChatTally> Chats { get; } = [];

        /// <summary>Each member's usage across every chat: what GPT_DAILY_TOKENS_PER_USER counts.</summary>
        public Dictionary<long, TokenUsage> Users { get; } = [];

        public void Add(ConversationKey chat, long userId, TokenUsage usage)
        {
            if (!Chats.TryGetValue(chat, out var chatTally))
            {
                chatTally = new ChatTally();
                Chats.Add(chat, chatTally);
            }

            chatTally.Add(userId, usage);
            Users[userId] = Users.GetValueOrDefault(userId) + usage;
        }
    }

    private sealed class ChatTally
    {
        private readonly Dictionary<long, TokenUsage> _users = [];

        public TokenUsage Total { get; private set; }

        public void Add(long userId, TokenUsage usage)
        {
            Total += usage;
            _users[userId] = _users.GetValueOrDefault(userId) + usage;
        }

        public ChatUsage Snapshot(ConversationKey chat, DateOnly day, int topUsers)
        {
            var top = topUsers <= 0
                ? []
                : _users
                    .OrderByDescending(user => user.Value.Total)
                    .ThenBy(user => user.Key)
                    .Take(topUsers)
                    .Select(user => new UserUsage(user.Key, user.Value))
                    .ToArray();
            return new ChatUsage(chat, day, Total, top);
        }
    }
}
