using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Chat.Settings;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Chat.Settings;

[Trait("Category", "Unit")]
public sealed class InMemoryChatSettingsStoreTests
{
    private static readonly ConversationKey Group = ConversationKey.Group(10001, 20002);

    [Fact]
    public async Task A_chat_has_one_set_of_settings_for_every_members_context_and_none_once_back_to_the_defaults()
    {
        var store = new InMemoryChatSettingsStore(Options.Create(new ChatServiceOptions()));
        Assert.Same(ChatSettings.None, store.Get(Group));

        await store.SetAsync(Group.ForMember(30003), new ChatSettings { Persona = "cat" }, CancellationToken.None);

        Assert.Equal("cat", store.Get(Group).Persona);
        Assert.Equal("cat", store.Get(Group.ForMember(40004)).Persona);
        Assert.Equal(Group, Assert.Single(store.All()).Key);

        await store.SetAsync(Group, ChatSettings.None, CancellationToken.None);
        Assert.Empty(store.All());
    }

    [Fact]
    public async Task Configured_blocks_stay_whatever_the_commands_say()
    {
        var store = new InMemoryChatSettingsStore(Options.Create(new ChatServiceOptions { BlockedUsers = new HashSet<long> { 1 } }));

        await store.SetBlockedAsync(2, true, CancellationToken.None);
        await store.SetBlockedAsync(1, false, CancellationToken.None);

        Assert.True(store.IsBlocked(1));
        Assert.True(store.IsBlocked(2));
        Assert.False(store.IsBlocked(3));
        Assert.Equal([1L, 2L], store.BlockedUsers());
    }
}
