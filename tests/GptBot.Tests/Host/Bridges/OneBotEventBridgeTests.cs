using System.Buffers;
using System.Text.Json;
using GptBot.Chat.Dispatch;
using GptBot.Chat.Model;
using GptBot.Host.Bridges;
using GptBot.Host.Configuration;
using GptBot.OneBot.Actions;
using GptBot.OneBot.Protocol;
using GptBot.Tests.OneBot.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Host.Bridges;

/// <summary>What the bridge hands to the chat for each OneBot event, in which order, and what it refuses.</summary>
[Trait("Category", "Unit")]
public sealed class OneBotEventBridgeTests : IDisposable
{
    private const long SelfId = 10001;
    private const long GroupA = 20002;
    private const long GroupB = 20003;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly ChatInbox _inbox = new();
    private readonly ScriptedOneBotApi _api = new();
    private readonly FakeLogger<OneBotEventBridge> _logger = new();
    private readonly FakeConnection _connection = new(SelfId);
    private readonly FakeTimeProvider _time = new();
    private readonly OneBotEventBridge _bridge;

    public OneBotEventBridgeTests()
    {
        _bridge = new OneBotEventBridge(_inbox, _api, new RecentMessageFilter(new FakeTimeProvider()), Options.Create(new HostingOptions { Nicknames = ["bot"] }), _time, _logger);
    }

    [Fact]
    public void A_group_message_goes_to_its_group_conversation_with_the_members_card_and_without_the_at_bot()
    {
        _bridge.Publish(GroupMessage(GroupA, 30003, "[CQ:at,qq=10001] /gpt 你好", messageId: 7, card: "Alice"), _connection);

        var posted = Posted();
        Assert.Equal(ConversationKey.Group(SelfId, GroupA), posted.Key);
        Assert.Equal(30003, posted.SenderId);
        Assert.Equal("Alice", posted.SenderName);
        Assert.Equal("/gpt 你好", posted.Text);
        Assert.True(posted.StartsWithText);
        Assert.Equal(7, posted.MessageId);
    }

    [Fact]
    public void A_private_message_goes_to_the_senders_private_conversation()
    {
        _bridge.Publish(PrivateMessage(30003, "bot，/gpt 早", messageId: 8), _connection);

        var posted = Posted();
        Assert.Equal(ConversationKey.Private(SelfId, 30003), posted.Key);
        Assert.Equal("nick30003", posted.SenderName);
        Assert.Equal("/gpt 早", posted.Text);
    }

    [Theory]
    [InlineData(" [CQ:face,id=1]/gpt hi", " /gpt hi", 1)]
    [InlineData("[CQ:at,qq=10001] /gpt 看[CQ:face,id=1]这个", "/gpt 看这个", 6)]
    [InlineData("/gpt hi", "/gpt hi", 7)]
    public void The_chat_learns_how_much_of_the_text_is_the_first_segments(string message, string text, int leadingLength)
    {
        _bridge.Publish(GroupMessage(GroupA, 30003, message, messageId: 13), _connection);

        var posted = Posted();
        Assert.Equal(text, posted.Text);
        Assert.Equal(leadingLength, posted.LeadingTextLength);
    }

    [Fact]
    public void The_bots_own_messages_are_never_handed_to_the_chat()
    {
        _bridge.Publish(GroupMessage(GroupA, SelfId, "/gpt talking to myself", messageId: 9), _connection);

        Assert.False(_inbox.Reader.TryRead(out _));
    }

    [Fact]
    public void A_message_replayed_after_a_reconnect_is_handed_over_once()
    {
        _bridge.Publish(GroupMessage(GroupA, 30003, "/gpt once", messageId: 10), _connection);
        _bridge.Publish(GroupMessage(GroupA, 30003, "/gpt once", messageId: 10), _connection);

        Assert.Equal("/gpt once", Posted().Text);
        Assert.False(_inbox.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_reply_to_the_bot_is_resolved_with_get_msg_and_reads_as_the_command_it_carries()
    {
        _api.GetMsg = (_, _) => Task.FromResult(Sender(SelfId));

        _bridge.Publish(GroupMessage(GroupA, 30003, "[CQ:reply,id=-77][CQ:at,qq=10001] /gpt 接着说", messageId: 11), _connection);

        var posted = await PostedAsync();
        Assert.Equal([-77L], _api.LookedUp);
        Assert.Equal("/gpt 接着说", posted.Text);
        Assert.True(posted.StartsWithText);
    }

    [Fact]
    public async Task Anyones_quoted_text_goes_along_bounded_and_addressing_follows_the_quoted_sender()
    {
        _api.GetMsg = (_, _) => Task.FromResult(Quoting(40004, "[CQ:face,id=1] 原来的话 " + new string('长', 2000)));

        _bridge.Publish(GroupMessage(GroupA, 30003, "[CQ:reply,id=5][CQ:at,qq=40004] /gpt 什么意思", messageId: 16), _connection);

        var posted = await PostedAsync();
        Assert.Equal("/gpt 什么意思", posted.Text);
        Assert.False(posted.ToMe);
        Assert.StartsWith("原来的话 长长", posted.QuotedText, StringComparison.Ordinal);
        Assert.Equal(1001, posted.QuotedText!.Length);

        _bridge.Publish(GroupMessage(GroupA, 30003, "[CQ:at,qq=10001] 你好", messageId: 17), _connection);
        Assert.True((await PostedAsync()).ToMe);
    }

    [Fact]
    public async Task When_get_msg_fails_the_reply_no_longer_hides_the_command_and_nothing_is_quoted()
    {
        _api.GetMsg = (_, _) => throw new OneBotActionException(ActionFailureKind.Timeout, "get_msg", SelfId, "no answer");

        _bridge.Publish(GroupMessage(GroupA, 30003, "[CQ:reply,id=5] /gpt 看看这条", messageId: 12), _connection);

        // NoneBot would leave the reply segment first, and the text would be no command: here the question is asked,
        // without a quotation and without taking the reply as addressed to the bot (its sender is unknown).
        var posted = await PostedAsync();
        Assert.True(posted.StartsWithText);
        Assert.Equal("/gpt 看看这条", posted.Text);
        Assert.Null(posted.QuotedText);
        Assert.False(posted.ToMe);
    }

    [Fact]
    public async Task Later_messages_of_a_chat_wait_behind_its_quoted_message_while_other_chats_go_straight_through()
    {
        var answer = new TaskCompletionSource<ActionResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.GetMsg = (_, _) => answer.Task;

        _bridge.Publish(GroupMessage(GroupA, 30003, "[CQ:reply,id=5][CQ:at,qq=10001] /gpt first", messageId: 13), _connection);
        _bridge.Publish(GroupMessage(GroupA, 30004, "/gpt second", messageId: 14), _connection);
        _bridge.Publish(GroupMessage(GroupB, 30003, "/gpt other group", messageId: 15), _connection);

        Assert.Equal("/gpt other group", Posted().Text);
        Assert.False(_inbox.Reader.TryRead(out _));
        answer.SetResult(Sender(SelfId));

        Assert.Equal("/gpt first", (await PostedAsync()).Text);
        Assert.Equal("/gpt second", (await PostedAsync()).Text);

        // The chat is released: its next message goes straight through again.
        _bridge.Publish(GroupMessage(GroupA, 30003, "/gpt third", messageId: 16), _connection);
        Assert.Equal("/gpt third", Posted().Text);
    }

    [Fact]
    public async Task Stopping_cancels_a_get_msg_that_gets_no_answer()
    {
        _api.GetMsg = (_, cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => Sender(SelfId), TaskScheduler.Default);
        _bridge.Publish(GroupMessage(GroupA, 30003, "[CQ:reply,id=5] /gpt stuck", messageId: 17), _connection);
        await _api.Called.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

        await _bridge.StopAsync(CancellationToken.None).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.True(_api.Cancelled);
    }

    [Fact]
    public void A_full_inbox_refuses_the_newest_message_at_once_and_logs_it()
    {
        for (var i = 1; i <= ChatInbox.Capacity; i++)
        {
            _bridge.Publish(GroupMessage(GroupA, 30003, "chatter", messageId: i), _connection);
        }

        _bridge.Publish(GroupMessage(GroupA, 30003, "/gpt one too many", messageId: ChatInbox.Capacity + 1), _connection);

        var warning = Assert.Single(_logger.Collector.GetSnapshot(), record => record.Level == LogLevel.Warning);
        Assert.Contains($"{ChatInbox.Capacity + 1}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("inbox is full", warning.Message, StringComparison.Ordinal);
        var count = 0;
        while (_inbox.Reader.TryRead(out var posted))
        {
            Assert.Equal("chatter", posted.Text);
            count++;
        }

        Assert.Equal(ChatInbox.Capacity, count);
    }

    [Fact]
    public void A_message_arriving_after_the_stop_began_is_not_taken_and_is_logged()
    {
        _inbox.Complete();

        _bridge.Publish(GroupMessage(GroupA, 30003, "/gpt too late", messageId: 18), _connection);

        Assert.False(_inbox.Reader.TryRead(out _));
        Assert.Contains(_logger.Collector.GetSnapshot(), record => record.Message.Contains("while stopping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_get_msg_that_gets_no_answer_holds_its_chat_only_briefly()
    {
        _api.GetMsg = async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return Sender(SelfId);
        };
        _bridge.Publish(GroupMessage(GroupA, 30003, "[CQ:reply,id=5] /gpt stuck", messageId: 21), _connection);
        _bridge.Publish(GroupMessage(GroupA, 30004, "/gpt behind it", messageId: 22), _connection);
        await _api.Called.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.False(_inbox.Reader.TryRead(out _));

        // Far less than ONEBOT_API_TIMEOUT: the group goes on with the quote taken as it came.
        _time.Advance(OneBotEventBridge.LookupLimit);

        // As on a failed get_msg, the reply segment stays first (NoneBot's rule), so this one is no command.
        Assert.Equal("/gpt stuck", (await PostedAsync()).Text);
        Assert.Equal("/gpt behind it", (await PostedAsync()).Text);
        Assert.Contains(_logger.Collector.GetSnapshot(), record => record.Message.Contains("got no answer within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_quoting_message_after_the_stop_began_starts_no_lookup()
    {
        await _bridge.StopAsync(CancellationToken.None).WaitAsync(Patience, TestContext.Current.CancellationToken);

        _bridge.Publish(GroupMessage(GroupA, 30003, "[CQ:reply,id=5] /gpt late", messageId: 23), _connection);

        Assert.Empty(_api.LookedUp);
        Assert.Equal("/gpt late", Posted().Text);
    }

    [Fact]
    public void A_flood_of_refused_messages_logs_one_line_with_a_count_per_period()
    {
        _inbox.Complete();

        for (var i = 1; i <= 1000; i++)
        {
            _bridge.Publish(GroupMessage(GroupA, 30003, "/gpt too late", messageId: 100 + i), _connection);
        }

        Assert.Single(_logger.Collector.GetSnapshot(), record => record.Message.Contains("while stopping", StringComparison.Ordinal));
        _time.Advance(TimeSpan.FromSeconds(10));
        _bridge.Publish(GroupMessage(GroupA, 30003, "/gpt later still", messageId: 2000), _connection);
        var lines = _logger.Collector.GetSnapshot().Where(record => record.Message.Contains("while stopping", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Contains("999 more", lines[1].Message, StringComparison.Ordinal);
    }

    public void Dispose() => _bridge.Dispose();

    private static MessageEvent GroupMessage(long groupId, long userId, string cq, long messageId, string card = "") =>
        new(SelfId, 1, "group", "normal", messageId, userId, groupId, CqCode.Parse(cq), cq, new MessageSender(userId, $"nick{userId}", card, "member"));

    private static MessageEvent PrivateMessage(long userId, string cq, long messageId) =>
        new(SelfId, 1, "private", "friend", messageId, userId, null, CqCode.Parse(cq), cq, new MessageSender(userId, $"nick{userId}", string.Empty, string.Empty));

    private static ActionResponse Quoting(long userId, string cq)
    {
        using var data = JsonDocument.Parse($$$"""{"message_id":5,"sender":{"user_id":{{{userId}}}},"message":{{{JsonSerializer.Serialize(cq)}}}}""");
        return new ActionResponse("ok", 0, data.RootElement.Clone(), null, "1", null);
    }

    private static ActionResponse Sender(long userId)
    {
        using var data = JsonDocument.Parse($$$"""{"message_id":5,"sender":{"user_id":{{{userId}}}}}""");
        return new ActionResponse("ok", 0, data.RootElement.Clone(), null, "1", null);
    }

    private IncomingMessage Posted()
    {
        Assert.True(_inbox.Reader.TryRead(out var posted), "nothing was handed to the chat");
        return posted;
    }

    private async Task<IncomingMessage> PostedAsync() =>
        await _inbox.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

    /// <summary>An <see cref="IOneBotApi"/> that answers <c>get_msg</c> as <see cref="GetMsg"/> says and records each lookup.</summary>
    private sealed class ScriptedOneBotApi : IOneBotApi
    {
        private readonly List<long> _lookedUp = [];

        public Func<long, CancellationToken, Task<ActionResponse>> GetMsg { get; set; } = (_, _) => Task.FromResult(Sender(0));

        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Cancelled { get; private set; }

        public IReadOnlyList<long> LookedUp
        {
            get
            {
                lock (_lookedUp)
                {
                    return [.. _lookedUp];
                }
            }
        }

        public Task<ActionResponse> CallAsync(long selfId, string action, Action<Utf8JsonWriter>? writeParams, CancellationToken cancellationToken)
        {
            Assert.Equal("get_msg", action);
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writeParams?.Invoke(writer);
                writer.WriteEndObject();
            }

            using var parameters = JsonDocument.Parse(buffer.WrittenMemory);
            var messageId = parameters.RootElement.GetProperty("message_id").GetInt64();
            lock (_lookedUp)
            {
                _lookedUp.Add(messageId);
            }

            cancellationToken.Register(() => Cancelled = true);
            Called.TrySetResult();
            return GetMsg(messageId, cancellationToken);
        }
    }
}
