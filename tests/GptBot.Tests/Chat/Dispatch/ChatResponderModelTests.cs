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

/// <summary>Which model a chat's answer asks for, when the chat chose one with <c>/gpt_control model</c>.</summary>
public sealed class ChatResponderModelTests : IDisposable
{
    private static readonly ConversationKey Chat = ConversationKey.Group(10001, 20002);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ModelRecordingClient _client = new();

    [Fact]
    public async Task A_chat_asks_the_model_it_chose_while_GPT_MODELS_lists_it()
    {
        var responder = Responder(models: ["gpt-4o-mini", "gpt-4o"]);

        await AskAsync(responder, new ChatSettings { Model = "gpt-4o" });

        Assert.Equal("gpt-4o", _client.LastModel);
    }

    [Fact]
    public async Task A_chat_whose_model_the_operator_took_off_GPT_MODELS_asks_GPT_MODEL_again()
    {
        // The chat chose gpt-4o when it was allowed; the operator then removed it (say, for its cost) and restarted.
        var responder = Responder(models: ["gpt-4o-mini"]);

        await AskAsync(responder, new ChatSettings { Model = "gpt-4o" });

        Assert.Null(_client.LastModel);
    }

    public void Dispose() => _client.Dispose();

    private static async Task AskAsync(ChatResponder responder, ChatSettings chat)
    {
        var message = new IncomingMessage(Chat, 30003, "member", "/gpt hi", true, 1);
        await responder.AnswerAsync(message, "hi", chat, responder.TakeTurn(message, TimeSpan.Zero, CancellationToken.None), CancellationToken.None);
    }

    private ChatResponder Responder(IReadOnlyList<string> models)
    {
        var options = Options.Create(new ChatServiceOptions { MinimalInterval = TimeSpan.Zero, Models = models, DefaultModel = "gpt-4o-mini" });
        var replyOptions = Options.Create(new ReplyOptions { Mode = ReplyMode.Whole, MessagesPerSecond = double.PositiveInfinity });
        var pacer = new ReplyPacer(replyOptions, _time);
        var sender = new ReplySender(new SilentTransport(), pacer, TestMeters.Chat(), NullLogger<ReplySender>.Instance);
        var policy = new ReplyFormPolicy(new ReplyFormMemory(replyOptions, _time), replyOptions);
        var cascade = new ReplyCascade(sender, policy, new NoImageRenderer(), replyOptions, TestMeters.Chat(), NullLogger<ReplyCascade>.Instance);
        return new ChatResponder(
            _client,
            new InMemoryConversationStore(options),
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

    private sealed class SilentTransport : IReplyTransport
    {
        public Task<ReplyResult> SendAsync(ConversationKey key, ReplyMessage message, CancellationToken cancellationToken) =>
            Task.FromResult(ReplyResult.Success(1));
    }

    private sealed class ModelRecordingClient : IChatClient
    {
        public string? LastModel { get; private set; } = "(not asked)";

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            LastModel = options?.ModelId;
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
