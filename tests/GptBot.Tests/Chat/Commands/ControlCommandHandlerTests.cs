using GptBot.Chat;
using GptBot.Chat.Commands;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;
using GptBot.Chat.Usage;
using GptBot.Tests.Chat.Replies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Commands;

/// <summary>Each /gpt_control action as its chat sees it, and that only GPT_SUDOERS change anything.</summary>
[Trait("Category", "Unit")]
public sealed class ControlCommandHandlerTests
{
    private const long Sudoer = 30003;
    private const long Member = 40004;
    private static readonly ConversationKey Group = ConversationKey.Group(10001, 20002);
    private static readonly ConversationKey SudoerPrivate = ConversationKey.Private(10001, Sudoer);

    private readonly RecordingStore _store = new();
    private readonly ScriptedSession _session = new();
    private readonly ScriptedReplyTransport _transport = new();
    private readonly InMemoryUsageLedger _usage = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
    private readonly ControlCommandHandler _handler;

    public ControlCommandHandlerTests()
    {
        var replyOptions = Options.Create(new ReplyOptions { MessagesPerSecond = double.PositiveInfinity });
        var sender = new ReplySender(_transport, new ReplyPacer(replyOptions, TimeProvider.System), TestMeters.Chat(), NullLogger<ReplySender>.Instance);
        var options = Options.Create(new ChatServiceOptions { Sudoers = new HashSet<long> { Sudoer }, TimeZone = TimeZoneInfo.Utc, DailyTokensPerUser = 50_000 });
        var settings = new InMemoryChatSettingsStore(options);
        var budget = new TokenBudget(_usage, options, _time, NullLogger<TokenBudget>.Instance);
        _handler = new ControlCommandHandler(
            _store,
            _session,
            new ChatSettingsCommands(settings, new NoPersonaCatalog(), [], options, replyOptions, NullLogger<ChatSettingsCommands>.Instance),
            new AccessCommands(settings, _store, options, NullLogger<AccessCommands>.Instance),
            _usage,
            budget,
            sender,
            options,
            replyOptions,
            NullLogger<ControlCommandHandler>.Instance);
    }

    [Fact]
    public async Task Reset_context_forgets_the_groups_context_and_names_the_group()
    {
        await _handler.HandleAsync(Message(Group, Sudoer), "reset_context", CancellationToken.None);

        Assert.Equal([Group], _store.Resets);
        var (key, answer) = await _transport.NextSentAsync();
        Assert.Equal(Group, key);
        Assert.Equal("重置20002的上下文成功", answer.Text);
        Assert.Null(answer.QuoteMessageId);
    }

    [Fact]
    public async Task Reset_context_in_private_forgets_that_chat_and_names_the_user()
    {
        await _handler.HandleAsync(Message(SudoerPrivate, Sudoer), "reset_context", CancellationToken.None);

        Assert.Equal([SudoerPrivate], _store.Resets);
        Assert.Equal("重置30003的上下文成功", (await _transport.NextAsync()).Text);
    }

    [Theory]
    [InlineData(true, "刷新成功")]
    [InlineData(false, "刷新失败，请到控制台查看报错。")]
    public async Task Refresh_session_refreshes_the_backend_once_and_says_how_it_went(bool refreshed, string expected)
    {
        _session.Result = refreshed;

        await _handler.HandleAsync(Message(Group, Sudoer), "refresh_session", CancellationToken.None);

        Assert.Equal(1, _session.Calls);
        Assert.Equal(expected, (await _transport.NextAsync()).Text);
        Assert.Empty(_store.Resets);
    }

    [Fact]
    public async Task Usage_shows_todays_tokens_in_this_chat_the_budget_and_who_spent_the_most()
    {
        var today = new DateOnly(2026, 12, 7);
        _usage.Add(Group, 111, today, new TokenUsage(10_000, 2_345));
        _usage.Add(Group, 222, today, new TokenUsage(1_000, 0));
        _usage.Add(Group, 111, today.AddDays(-1), new TokenUsage(99_999, 0));
        _usage.Add(ConversationKey.Group(10001, 20003), 333, today, new TokenUsage(5, 5));

        await _handler.HandleAsync(Message(Group, Sudoer), "usage", CancellationToken.None);

        Assert.Equal(
            "今日（2026-12-07）本群 token 用量：13,345（输入 11,000，输出 2,345）\n上限：每人每天 50,000\n用得最多的：\n1. 111：12,345\n2. 222：1,000",
            (await _transport.NextAsync()).Text);
    }

    [Fact]
    public async Task Usage_in_a_quiet_private_chat_says_nothing_was_spent_yet()
    {
        await _handler.HandleAsync(Message(SudoerPrivate, Sudoer), "usage", CancellationToken.None);

        Assert.Equal("今日（2026-12-07）本聊天还没有用过 token。\n上限：每人每天 50,000", (await _transport.NextAsync()).Text);
    }

    [Fact]
    public async Task Status_and_the_model_list_show_GPT_MODEL_for_a_chat_whose_model_was_taken_off_GPT_MODELS()
    {
        var options = Options.Create(new ChatServiceOptions { DefaultModel = "gpt-4o-mini", Models = ["gpt-4o-mini"] });
        var settings = new InMemoryChatSettingsStore(options);
        await settings.SetAsync(Group, new ChatSettings { Model = "gpt-4o" }, CancellationToken.None);
        var commands = new ChatSettingsCommands(
            settings, new NoPersonaCatalog(), [], options, Options.Create(new ReplyOptions()), NullLogger<ChatSettingsCommands>.Instance);

        Assert.Contains("模型：gpt-4o-mini", commands.Status(Message(Group, Sudoer)), StringComparison.Ordinal);
        Assert.Equal(
            ChatTexts.ModelList(["gpt-4o-mini"], "gpt-4o-mini"),
            await commands.ModelAsync(Message(Group, Sudoer), [], CancellationToken.None));
    }

    [Fact]
    public void The_status_line_for_todays_tokens_shows_the_chats_budget_when_set()
    {
        Assert.Equal("今日 token：12,345", ChatTexts.TodayTokens(new TokenUsage(12_000, 345), 0));
        Assert.Equal("今日 token：12,345 / 100,000", ChatTexts.TodayTokens(new TokenUsage(12_000, 345), 100_000));
    }

    [Theory]
    [InlineData("")]
    [InlineData("reboot")]
    [InlineData("Reset_Context")]
    public async Task Anything_else_is_an_invalid_command_that_changes_nothing(string action)
    {
        await _handler.HandleAsync(Message(Group, Sudoer), action, CancellationToken.None);

        Assert.Equal("无效命令", (await _transport.NextAsync()).Text);
        Assert.Empty(_store.Resets);
        Assert.Equal(0, _session.Calls);
    }

    [Theory]
    [InlineData("reset_context")]
    [InlineData("refresh_session")]
    [InlineData("whatever")]
    public async Task Others_have_no_permission_and_change_nothing(string action)
    {
        await _handler.HandleAsync(Message(Group, Member), action, CancellationToken.None);
        await _handler.HandleAsync(Message(ConversationKey.Private(10001, Member), Member), action, CancellationToken.None);

        Assert.Equal("没有权限", (await _transport.NextAsync()).Text);
        Assert.Equal("没有权限", (await _transport.NextAsync()).Text);
        Assert.Empty(_store.Resets);
        Assert.Equal(0, _session.Calls);
    }

    private static IncomingMessage Message(ConversationKey key, long sender) => new(key, sender, "someone", "/gpt_control", true, 99);

    private sealed class RecordingStore : IConversationStore
    {
        public List<ConversationKey> Resets { get; } = [];

        public ValueTask<ConversationSnapshot> LoadAsync(ConversationKey key, CancellationToken cancellationToken) => ValueTask.FromResult(ConversationSnapshot.Empty);

        public ValueTask AppendExchangeAsync(ConversationKey key, ConversationTurn user, ConversationTurn assistant, string? backendState, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;

        public ValueTask ResetAsync(ConversationKey key, CancellationToken cancellationToken)
        {
            Resets.Add(key);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ScriptedSession : IBackendSession
    {
        public bool Result { get; set; } = true;

        public int Calls { get; private set; }

        public Task<bool> RefreshAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Result);
        }
    }
}
