using GptBot.Chat;
using GptBot.Chat.Conversations;
using GptBot.Chat.Model;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Chat.Conversations;

/// <summary>With GPT_STORE=memory the console lists the chats held in memory, as the SQLite store lists its own.</summary>
[Trait("Category", "Unit")]
public sealed class InMemoryConversationCatalogTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Chats_are_listed_most_recent_first_searchable_and_bounded()
    {
        var store = new InMemoryConversationStore(Options.Create(new ChatServiceOptions()));
        await AppendAsync(store, ConversationKey.Group(10001, 20002), Start);
        await AppendAsync(store, ConversationKey.Group(10001, 20002), Start.AddMinutes(1));
        await AppendAsync(store, ConversationKey.Private(10001, 30003), Start.AddMinutes(2));
        await AppendAsync(store, ConversationKey.Group(10002, 40004), Start.AddMinutes(3));

        var all = await store.ListAsync(null, 10, CancellationToken.None);
        var found = await store.ListAsync("20002", 10, CancellationToken.None);
        var bounded = await store.ListAsync(string.Empty, 2, CancellationToken.None);

        Assert.Equal(["10002:group:40004", "10001:private:30003", "10001:group:20002"], all.Select(chat => chat.Key.ToString()));
        Assert.Equal(4, all[^1].Turns);
        Assert.Equal(Start.AddMinutes(1), all[^1].LastActivity);
        Assert.Equal([ConversationKey.Group(10001, 20002)], found.Select(chat => chat.Key));
        Assert.Equal(2, bounded.Count);
    }

    private static ValueTask AppendAsync(InMemoryConversationStore store, ConversationKey key, DateTimeOffset at) =>
        store.AppendExchangeAsync(key, new ConversationTurn(TurnRole.User, "q", null, at), new ConversationTurn(TurnRole.Assistant, "a", null, at), null, CancellationToken.None);
}
