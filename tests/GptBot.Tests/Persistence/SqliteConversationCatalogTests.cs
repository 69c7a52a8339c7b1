using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Persistence;
using GptBot.Persistence.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Persistence;

/// <summary>The console's list of chats from the SQLite file: most recent first, with turn counts, searchable, bounded.</summary>
[Trait("Category", "Unit")]
public sealed class SqliteConversationCatalogTests : IDisposable
{
    private readonly TempDataDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Chats_are_listed_most_recently_active_first_with_their_turns_after_a_reopen()
    {
        using (var store = Open())
        {
            await AppendAsync(store, ConversationKey.Group(10001, 20002), times: 2);
            _time.Advance(TimeSpan.FromMinutes(1));
            await AppendAsync(store, ConversationKey.Private(10001, 30003), times: 1);
        }

        using var reopened = Open();
        var chats = await reopened.ListAsync(null, 10, CancellationToken.None);

        Assert.Equal(
            [
                new(ConversationKey.Private(10001, 30003), _time.GetUtcNow(), 2),
                new(ConversationKey.Group(10001, 20002), _time.GetUtcNow().AddMinutes(-1), 4),
            ],
            chats);
    }

    [Theory]
    [InlineData(":20002", new[] { "10001:group:20002" })]
    [InlineData("20002", new[] { "10001:group:20002", "10001:group:120002" })]
    [InlineData("group", new[] { "10001:group:20002", "10001:group:120002" })]
    [InlineData("%", new string[0])]
    [InlineData("_", new string[0])]
    [InlineData("private:3", new[] { "10001:private:30003" })]
    public async Task Search_matches_the_chats_key_text_literally(string search, string[] expected)
    {
        using var store = Open();
        foreach (var key in new[] { ConversationKey.Group(10001, 20002), ConversationKey.Group(10001, 120002), ConversationKey.Private(10001, 30003) })
        {
            await AppendAsync(store, key, times: 1);
        }

        var found = await store.ListAsync(search, 10, CancellationToken.None);

        Assert.Equal(expected.Order(), found.Select(chat => chat.Key.ToString()).Order());
    }

    [Fact]
    public async Task A_members_own_context_is_listed_under_its_own_key()
    {
        using var store = Open();
        var member = ConversationKey.Group(10001, 20002).ForMember(30003);
        await AppendAsync(store, member, times: 2);
        await AppendAsync(store, ConversationKey.Group(10001, 20002), times: 1);

        var found = await store.ListAsync("20002:30003", 10, CancellationToken.None);

        var summary = Assert.Single(found);
        Assert.Equal(member, summary.Key);
        Assert.Equal(4, summary.Turns);
    }

    [Fact]
    public async Task The_list_is_bounded_and_a_reset_chat_is_gone_from_it()
    {
        using var store = Open();
        for (var group = 1; group <= 5; group++)
        {
            await AppendAsync(store, ConversationKey.Group(10001, group), times: 1);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await store.ResetAsync(ConversationKey.Group(10001, 5), CancellationToken.None);
        var chats = await store.ListAsync(null, 2, CancellationToken.None);

        Assert.Equal([4L, 3L], chats.Select(chat => chat.Key.ChatId));
    }

    public void Dispose() => _directory.Dispose();

    private SqliteConversationStore Open() =>
        new(Options.Create(new StoreOptions { DataDirectory = _directory.Path }), Options.Create(new ChatServiceOptions()), _time);

    private async Task AppendAsync(SqliteConversationStore store, ConversationKey key, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await store.AppendExchangeAsync(
                key,
                new ConversationTurn(TurnRole.User, "q", null, _time.GetUtcNow()),
                new ConversationTurn(TurnRole.Assistant, "a", null, _time.GetUtcNow()),
                null,
                CancellationToken.None);
        }
    }
}
