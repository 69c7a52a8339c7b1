using System.Threading.Channels;
using GptBot.Chat;
using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Persistence;
using GptBot.Persistence.Sqlite;
using GptBot.Tests.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Conversations;

/// <summary>GPT_CONTEXT_EXPIRE_MINUTES against a real SQLite file, with time driven by a FakeTimeProvider.</summary>
public sealed class IdleConversationSweeperTests : IDisposable
{
    private static readonly ConversationKey Quiet = ConversationKey.Group(10001, 1);
    private static readonly ConversationKey Busy = ConversationKey.Group(10001, 2);

    private readonly TempDataDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_timer_forgets_a_chat_idle_longer_than_the_expiry_on_disk_and_in_memory_and_keeps_the_others()
    {
        using var store = OpenStore();
        await store.LoadAsync(Quiet, CancellationToken.None);
        await AppendAsync(store, Quiet);
        var observed = new ObservedStore(store);
        using var sweeper = new IdleConversationSweeper(observed, Expiry(TimeSpan.FromMinutes(10)), _time, NullLogger<IdleConversationSweeper>.Instance);
        await sweeper.StartAsync(CancellationToken.None);
        var period = IdleConversationSweeper.PeriodFor(TimeSpan.FromMinutes(10));

        // Sweeps before the expiry forget nothing.
        for (var elapsed = period; elapsed < TimeSpan.FromMinutes(10); elapsed += period)
        {
            _time.Advance(period);
            Assert.Equal(0, await observed.NextSweepAsync());
        }

        await AppendAsync(store, Busy);
        _time.Advance(period);
        Assert.Equal(1, await observed.NextSweepAsync());

        Assert.Empty((await store.LoadAsync(Quiet, CancellationToken.None)).Turns);
        Assert.Equal(2, (await store.LoadAsync(Busy, CancellationToken.None)).Turns.Count);
        await sweeper.StopAsync(CancellationToken.None);

        using var reopened = OpenStore();
        Assert.Empty((await reopened.LoadAsync(Quiet, CancellationToken.None)).Turns);
        Assert.Equal(2, (await reopened.LoadAsync(Busy, CancellationToken.None)).Turns.Count);
    }

    [Fact]
    public async Task With_expiry_off_nothing_is_ever_swept()
    {
        using var store = OpenStore();
        await AppendAsync(store, Quiet);
        using var sweeper = new IdleConversationSweeper(store, Expiry(TimeSpan.Zero), _time, NullLogger<IdleConversationSweeper>.Instance);

        _time.Advance(TimeSpan.FromDays(365));

        Assert.Equal(0, await sweeper.SweepOnceAsync(CancellationToken.None));
        Assert.Equal(2, (await store.LoadAsync(Quiet, CancellationToken.None)).Turns.Count);
    }

    [Fact]
    public async Task A_failing_sweep_is_logged_and_does_not_throw()
    {
        var store = OpenStore();
        await AppendAsync(store, Quiet);
        store.Dispose();
        using var sweeper = new IdleConversationSweeper(store, Expiry(TimeSpan.FromMinutes(1)), _time, NullLogger<IdleConversationSweeper>.Instance);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, await sweeper.SweepOnceAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(5, 30)]
    [InlineData(60, 60)]
    public void The_sweep_period_is_a_tenth_of_the_expiry_at_most_a_minute(int expiryMinutes, int periodSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(periodSeconds), IdleConversationSweeper.PeriodFor(TimeSpan.FromMinutes(expiryMinutes)));

    public void Dispose() => _directory.Dispose();

    private SqliteConversationStore OpenStore() =>
        new(Options.Create(new StoreOptions { DataDirectory = _directory.Path }), Options.Create(new ChatServiceOptions()), _time);

    private static IOptions<ChatServiceOptions> Expiry(TimeSpan expiry) => Options.Create(new ChatServiceOptions { ContextExpiry = expiry });

    private ValueTask AppendAsync(SqliteConversationStore store, ConversationKey key) =>
        store.AppendExchangeAsync(
            key,
            new ConversationTurn(TurnRole.User, "q", null, _time.GetUtcNow()),
            new ConversationTurn(TurnRole.Assistant, "a", null, _time.GetUtcNow()),
            null,
            CancellationToken.None);

    /// <summary>The real store, reporting each sweep's result so the test can wait for it instead of sleeping.</summary>
    private sealed class ObservedStore(SqliteConversationStore inner) : IConversationStore, IIdleConversationPurge
    {
        private readonly Channel<int> _sweeps = Channel.CreateUnbounded<int>();

        public ValueTask<ConversationSnapshot> LoadAsync(ConversationKey key, CancellationToken cancellationToken) => inner.LoadAsync(key, cancellationToken);

        public ValueTask AppendExchangeAsync(ConversationKey key, ConversationTurn user, ConversationTurn assistant, string? backendState, CancellationToken cancellationToken) =>
            inner.AppendExchangeAsync(key, user, assistant, backendState, cancellationToken);

        public ValueTask ResetAsync(ConversationKey key, CancellationToken cancellationToken) => inner.ResetAsync(key, cancellationToken);

        public async ValueTask<int> ForgetIdleAsync(DateTimeOffset idleSince, CancellationToken cancellationToken)
        {
            var forgotten = await inner.ForgetIdleAsync(idleSince, cancellationToken);
            _sweeps.Writer.TryWrite(forgotten);
            return forgotten;
        }

        public async Task<int> NextSweepAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return await _sweeps.Reader.ReadAsync(timeout.Token);
        }
    }
}
