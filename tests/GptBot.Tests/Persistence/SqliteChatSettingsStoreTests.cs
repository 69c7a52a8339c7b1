using GptBot.Chat;
using GptBot.Chat.Model;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;
using GptBot.Persistence;
using GptBot.Persistence.Sqlite;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Persistence;

/// <summary>
/// What a chat changed for itself, the block list and the members' own contexts are in the conversations file: they
/// are there after a restart, and the release that wrote them is read back exactly.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SqliteChatSettingsStoreTests : IDisposable
{
    private static readonly string SchemaThreeFixture = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "gptbot-schema3.db");
    private static readonly ConversationKey Group = ConversationKey.Group(10001, 20002);
    private static readonly ConversationKey MemberGroup = ConversationKey.Group(10001, 50005);

    private readonly TempDataDirectory _directory = new();

    [Fact]
    public async Task The_schema_three_fixture_opens_with_its_conversations_member_contexts_settings_and_blocks()
    {
        Directory.CreateDirectory(_directory.Path);
        File.Copy(SchemaThreeFixture, Path.Combine(_directory.Path, SqliteConversationDatabase.FileName));

        using var conversations = OpenConversations();
        using var settings = OpenSettings(conversations);

        Assert.Equal(new SchemaUpgrade(3, SqliteSchema.CurrentVersion, SqliteSchema.CurrentVersion > 3 ? conversations.FilePath + ".bak-3" : null), conversations.Upgrade);
        Assert.Equal(["今天吃什么？", "可以试试番茄炒蛋。", "那晚饭呢？", "晚饭来一碗牛肉面。"], (await conversations.LoadAsync(Group, CancellationToken.None)).Turns.Select(t => t.Text));
        Assert.Equal(["我的问题", "你的回答"], (await conversations.LoadAsync(MemberGroup.ForMember(60006), CancellationToken.None)).Turns.Select(t => t.Text));
        Assert.Equal(["她的问题", "她的回答"], (await conversations.LoadAsync(MemberGroup.ForMember(60007), CancellationToken.None)).Turns.Select(t => t.Text));
        Assert.Empty((await conversations.LoadAsync(MemberGroup, CancellationToken.None)).Turns);

        Assert.Equal(new ChatSettings { Persona = "cat", Model = "deepseek-chat" }, settings.Get(Group));
        Assert.Equal(
            new ChatSettings { Scope = ContextScope.Member, Enabled = false, ReplyMode = ReplyMode.Whole, Probability = 0.25 },
            settings.Get(MemberGroup.ForMember(60006)));
        Assert.Same(ChatSettings.None, settings.Get(ConversationKey.Private(10001, 30003)));
        Assert.Equal([70007L], settings.BlockedUsers());
    }

    [Fact]
    public async Task Settings_and_blocks_survive_a_restart_and_a_chat_back_to_the_defaults_keeps_no_row()
    {
        using (var conversations = OpenConversations())
        using (var settings = OpenSettings(conversations))
        {
            await settings.SetAsync(Group, new ChatSettings { Persona = "cat", Enabled = false }, CancellationToken.None);
            await settings.SetAsync(MemberGroup, new ChatSettings { Model = "m" }, CancellationToken.None);
            await settings.SetAsync(MemberGroup, ChatSettings.None, CancellationToken.None);
            await settings.SetBlockedAsync(70007, true, CancellationToken.None);
            await settings.SetBlockedAsync(70008, true, CancellationToken.None);
            await settings.SetBlockedAsync(70008, false, CancellationToken.None);
        }

        using var reopened = OpenConversations();
        using var restored = OpenSettings(reopened);
        Assert.Equal(new ChatSettings { Persona = "cat", Enabled = false }, restored.Get(Group));
        Assert.Equal([new KeyValuePair<ConversationKey, ChatSettings>(Group, new ChatSettings { Persona = "cat", Enabled = false })], restored.All());
        Assert.True(restored.IsBlocked(70007));
        Assert.False(restored.IsBlocked(70008));
    }

    [Fact]
    public async Task Gpt_blocked_users_are_always_blocked_and_no_command_lifts_them()
    {
        using var conversations = OpenConversations();
        using var settings = OpenSettings(conversations, configuredBlocks: [80008]);

        await settings.SetBlockedAsync(80008, false, CancellationToken.None);

        Assert.True(settings.IsBlocked(80008));
        Assert.Equal([80008L], settings.BlockedUsers());
    }

    [Fact]
    public async Task Resetting_a_chat_forgets_its_shared_context_and_every_members_own_but_no_other_chat()
    {
        using var conversations = OpenConversations();
        foreach (var key in new[] { MemberGroup, MemberGroup.ForMember(60006), MemberGroup.ForMember(60007), Group, Group.ForMember(60006) })
        {
            await conversations.AppendExchangeAsync(
                key,
                new ConversationTurn(TurnRole.User, "q " + key, "someone", DateTimeOffset.UnixEpoch),
                new ConversationTurn(TurnRole.Assistant, "a", null, DateTimeOffset.UnixEpoch),
                null,
                CancellationToken.None);
        }

        await conversations.ResetChatAsync(MemberGroup.ForMember(60006), CancellationToken.None);

        using var reopened = new SqliteConversationDatabase(_directory.Path);
        Assert.Empty(reopened.Load(MemberGroup).Turns);
        Assert.Empty(reopened.Load(MemberGroup.ForMember(60006)).Turns);
        Assert.Empty(reopened.Load(MemberGroup.ForMember(60007)).Turns);
        Assert.Equal("q " + Group, reopened.Load(Group).Turns[0].Text);
        Assert.Equal("q " + Group.ForMember(60006), reopened.Load(Group.ForMember(60006)).Turns[0].Text);
    }

    public void Dispose() => _directory.Dispose();

    private SqliteConversationStore OpenConversations() =>
        new(Options.Create(new StoreOptions { DataDirectory = _directory.Path }), Options.Create(new ChatServiceOptions()), TimeProvider.System);

    private static SqliteChatSettingsStore OpenSettings(SqliteConversationStore conversations, HashSet<long>? configuredBlocks = null) =>
        new(conversations, Options.Create(new ChatServiceOptions { BlockedUsers = configuredBlocks ?? [] }), TimeProvider.System);
}
