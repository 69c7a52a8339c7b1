using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GptBot.Chat;
using GptBot.Chat.Dispatch;
using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using GptBot.Tests.Chat.Replies;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Dispatch;

/// <summary>
/// What the dispatcher makes of each message: answered, ignored, refused (and how the chat is told), queued behind its
/// chat, or handed to /gpt_control; and how it reads its inbox and stops. The chat domain is composed as in production
/// (AddChat); only the LLM and the wire are fakes.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class ChatDispatcherTests : IAsyncDisposable
{
    private const long Sudoer = 50005;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly ConversationKey Group = ConversationKey.Group(10001, 20002);
    private static readonly ConversationKey OtherGroup = ConversationKey.Group(10001, 20003);
    private static readonly ConversationKey Private = ConversationKey.Private(10001, 30003);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ScriptedReplyTransport _transport = new();
    private readonly ScriptedChatClient _llm = new();
    private ServiceProvider? _services;
    private long _nextMessageId = 100;

    [Fact]
    public async Task A_gpt_prompt_is_queued_and_answered_in_the_chat_it_came_from()
    {
        var dispatcher = Dispatcher();

        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Private, "/gpt hello")));

        var (key, reply) = await _transport.NextSentAsync();
        Assert.Equal(Private, key);
        Assert.Equal("echo: hello", reply.Text);
        Assert.Equal(["hello"], _llm.Prompts);
    }

    [Fact]
    public async Task Ordinary_text_empty_prompts_and_commands_after_other_content_are_ignored()
    {
        var dispatcher = Dispatcher();

        Assert.Equal(DispatchOutcome.Ignored, dispatcher.Dispatch(Message(Private, "hello there")));
        Assert.Equal(DispatchOutcome.Ignored, dispatcher.Dispatch(Message(Private, "/gpt   ")));
        Assert.Equal(DispatchOutcome.Ignored, dispatcher.Dispatch(Message(Private, "/gpt after an image", startsWithText: false)));

        // The next thing the chat sees is the answer to the next prompt: nothing was sent or asked for the others.
        dispatcher.Dispatch(Message(Private, "/gpt marker"));
        Assert.Equal("echo: marker", (await _transport.NextAsync()).Text);
        Assert.Equal(["marker"], _llm.Prompts);
    }

    [Fact]
    public async Task Ordinary_text_that_wins_the_probability_roll_is_answered_whole()
    {
        var dispatcher = Dispatcher(chat => chat.Probability = 1);

        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Private, "  what is OneBot?  ")));

        Assert.Equal("echo: what is OneBot?", (await _transport.NextAsync()).Text);
    }

    [Fact]
    public async Task With_vision_a_bare_gpt_with_an_image_is_answered_but_a_bare_image_never_wins_the_probability_roll()
    {
        var dispatcher = Dispatcher(chat =>
        {
            chat.Vision = true;
            chat.Probability = 1;
        });
        ImageReference[] picture = [new("https://qq.local/picture.png")];

        Assert.Equal(DispatchOutcome.Ignored, dispatcher.Dispatch(Message(Private, string.Empty, startsWithText: false) with { Images = picture }));
        Assert.Equal(DispatchOutcome.Queued, dispatcher.Dispatch(Message(Private, "/gpt") with { Images = picture }));

        // The first thing the chat sees is the answer to the /gpt: nothing was asked for the bare picture.
        Assert.StartsWith("echo:", (await _transport.NextAsync()).Text, StringComparison.Ordinal);
        Assert.Single(_llm.Prompts);
    }

    [Fact]
    public async Task The_reader_dispatches_its_inbox_in_arrival_order_and_a_stop_takes_nothing_new()
    {
        var dispatcher = Dispatcher();
        var inbox = _services!.GetRequiredService<ChatInbox>();
        await dispatcher.StartAsync(CancellationToken.None);

        Assert.Equal(InboxPost.Accepted, inbox.TryPost(Message(Private, "/gpt one")));
        Assert.Equal(InboxPost.Accepted, inbox.TryPost(Message(Private, "/gpt two")));
        Assert.Equal(InboxPost.Accepted, inbox.TryPost(Message(Private, "/gpt three")));
        await dispatcher.StopTakingAsync(CancellationToken.None).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(InboxPost.Closed, inbox.TryPost(Message(Private, "/gpt too late")));
        await dispatcher.Lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(["one", "two", "three"], _llm.Prompts);
        Assert.Equal(["echo: one", "echo: two", "echo: three"], _transport.All.Select(sent => sent.Reply.Text));
    }

    [Fact]
    public async Task Aborting_tells_the_running_and_the_queued_requests_that_the_bot_is_restarting()
    {
        var dispatcher = Dispatcher();
        _llm.Release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dispatcher.Dispatch(Message(Private, "/gpt running"));
        dispatcher.Dispatch(Message(Private, "/gpt queued"));
        await _llm.Asked.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

        dispatcher.AbortInFlight();

        Assert.Equal("机器人正在重启，这个问题没来得及回答，请稍后重新发送。", (await _transport.NextAsync()).Text);
        Assert.Equal("机器人正在重启，这个问题没来得及回答，请稍后重新发送。", (await _transport.NextAsync()).Text);
        await dispatcher.Lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal(["running"], _llm.Prompts);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _llm.Dispose();
    }

    private ChatDispatcher Dispatcher(Action<ChatServiceOptions>? chat = null, Action<ReplyOptions>? replies = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IChatClient>(_llm);
        services.AddSingleton<IReplyTransport>(_transport);
        services.AddChat();
        services.Configure<ChatServiceOptions>(options =>
        {
            options.MinimalInterval = TimeSpan.Zero;
            options.Sudoers = new HashSet<long> { Sudoer };
            chat?.Invoke(options);
        });

        // Whole answers, unpaced unless a test says otherwise: these tests are about what is dispatched.
        services.Configure<ReplyOptions>(options =>
        {
            options.Mode = ReplyMode.Whole;
            options.MessagesPerSecond = double.PositiveInfinity;
            replies?.Invoke(options);
        });
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<ChatDispatcher>();
    }

    private IncomingMessage Message(ConversationKey key, string text, long sender = 30003, bool startsWithText = true) =>
        new(key, sender, "member", text, startsWithText, Interlocked.Increment(ref _nextMessageId));

    /// <summary>An LLM that answers "echo: " and the prompt, after <see cref="Release"/> when one is set.</summary>
    private sealed class ScriptedChatClient : IChatClient
    {
        private readonly List<string> _prompts = [];

        public TaskCompletionSource? Release { get; set; }

        public Channel<string> Asked { get; } = Channel.CreateUnbounded<string>();

        public IReadOnlyList<string> Prompts
        {
            get
            {
                lock (_prompts)
                {
                    return [.. _prompts];
                }
            }
        }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var prompt = messages.Last().Text;
            lock (_prompts)
            {
                _prompts.Add(prompt);
            }

            Asked.Writer.TryWrite(prompt);
            if (Release is { } release)
            {
                await release.Task.WaitAsync(cancellationToken);
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "echo: " + prompt);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
