using System.Runtime.CompilerServices;
using GptBot.Chat;
using GptBot.Chat.Conversations;
using GptBot.Chat.Dispatch;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Chat.Settings;
using GptBot.Chat.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Dispatch;

/// <summary>How the responder uses the store: expiry on load, and a store that fails after the answer was sent.</summary>
public sealed class ChatResponderStoreTests : IDisposable
{
    private static readonly ConversationKey Chat = ConversationKey.Private(10001, 30003);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingSender _sender = new();
    private readonly EchoClient _client = new();

    [Fact]
    public async Task A_store_that_fails_after_the_answer_was_sent_does_not_add_a_failure_notice()
    {
        var responder = Responder(new FailingStore(), TimeSpan.Zero);

        await responder.AnswerAsync(Message(), "hello", responder.TakeTurn(Message(), TimeSpan.Zero, CancellationToken.None), CancellationToken.None);

        Assert.Equal(["echo: hello"], _sender.Texts);
    }

    [Fact]
    public async Task History_idle_for_the_expiry_is_reset_before_the_request_and_recent_history_is_kept()
    {
        var store = new InMemoryConversationStore(Options.Create(new ChatServiceOptions()));
        var responder = Responder(store, TimeSpan.FromMinutes(10));
        await responder.AnswerAsync(Message(), "first", responder.TakeTurn(Message(), TimeSpan.Zero, CancellationToken.None), CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(9));
        await responder.AnswerAsync(Message(), "second", responder.TakeTurn(Message(), TimeSpan.Zero, CancellationToken.None), CancellationToken.None);
        Assert.Equal(3, _client.LastRequest.Length);

        _time.Advance(TimeSpan.FromMinutes(10));
        await responder.AnswerAsync(Message(), "third", responder.TakeTurn(Message(), TimeSpan.Zero, CancellationToken.None), CancellationToken.None);
        Assert.Single(_client.LastRequest);
        Assert.Equal(["third", "echo: third"], (await store.LoadAsync(Chat, CancellationToken.None)).Turns.Select(t => t.Text));
    }

    public void Dispose() => _client.Dispose();

    private ChatResponder Responder(IConversationStore store, TimeSpan expiry)
    {
        var options = Options.Create(new ChatServiceOptions { MinimalInterval = TimeSpan.Zero, ContextExpiry = expiry });
        // Whole answers, no pacing: this test is about storing, not about how replies are sent.
        var replyOptions = Options.Create(new ReplyOptions { Mode = ReplyMode.Whole, MessagesPerSecond = double.PositiveInfinity });
        var pacer = new ReplyPacer(replyOptions, _time);
        var sender = new ReplySender(_sender, pacer, TestMeters.Chat(), NullLogger<ReplySender>.Instance);
        var policy = new ReplyFormPolicy(new ReplyFormMemory(replyOptions, _time), replyOptions);
        var cascade = new ReplyCascade(sender, policy, new NoImageRenderer(), replyOptions, TestMeters.Chat(), NullLogger<ReplyCascade>.Instance);
        return new ChatResponder(
            _client,
            store,
            new ReplyWriterFactory(cascade, sender, policy, pacer, replyOptions, _time, NullLogger<ReplyWriter>.Instance),
            new RequestIntervalGate(options, _time),
            new RefusalNotices(_time),
            new PromptBuilder(options, new ApproximateTokenCounter()),
            new PromptImageLoader(new NoImageFetcher(), options, NullLogger<PromptImageLoader>.Instance),
            TestMeters.Chat(),
            new NoPersonaCatalog(),
            new TokenBudget(new InMemoryUsageLedger(), options, _time, NullLogger<TokenBudget>.Instance),
            options,
            _time,
            NullLogger<ChatResponder>.Instance);
    }

    private static IncomingMessage Message() => new(Chat, 30003, "friend", "/gpt x", true, 1);

    private sealed class FailingStore : IConversationStore
    {
        public ValueTask<ConversationSnapshot> LoadAsync(ConversationKey key, CancellationToken cancellationToken) => ValueTask.FromResult(ConversationSnapshot.Empty);

        public ValueTask AppendExchangeAsync(ConversationKey key, ConversationTurn user, ConversationTurn assistant, string? backendState, CancellationToken cancellationToken) =>
            throw new IOException("disk full");

        public ValueTask ResetAsync(ConversationKey key, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class RecordingSender : IReplyTransport
    {
        public List<string> Texts { get; } = [];

        public Task<ReplyResult> SendAsync(ConversationKey key, ReplyMessage message, CancellationToken cancellationToken)
        {
            Texts.Add(message.Text);
            return Task.FromResult(ReplyResult.Success(1));
        }
    }

    private sealed class EchoClient : IChatClient
    {
        public ChatMessage[] LastRequest { get; private set; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            LastRequest = messages.ToArray();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "echo: " + LastRequest[^1].Text);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
