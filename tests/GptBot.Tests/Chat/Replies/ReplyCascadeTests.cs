using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GptBot.Tests.Chat.Replies;

public sealed class ReplyCascadeTests
{
    private static readonly ConversationKey Group = ConversationKey.Group(10001, 20002);
    private static readonly string LongAnswer = string.Join("\n\n", Enumerable.Range(1, 12).Select(i => $"第{i}段：" + new string('长', 40) + "。"));

    private readonly ScriptedReplyTransport _sender = new();
    private readonly FixedImageRenderer _renderer = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ReplyOptions _options = new() { MaxMessageLength = 100, MessagesPerSecond = 100 };
    private ReplyFormPolicy? _policy;

    [Fact]
    public async Task Text_that_is_accepted_goes_out_in_parts_in_order()
    {
        var cascade = CreateCascade(out var memory);

        var form = await cascade.DeliverAsync(new ReplyTarget(Group, null), LongAnswer, ReplyForm.Text, CancellationToken.None);

        Assert.Equal(ReplyForm.Text, form);
        Assert.All(_sender.All, s => Assert.Equal(ReplyForm.Text, s.Reply.Form));
        Assert.All(_sender.All, s => Assert.True(s.Reply.Text.Length <= 100));
        Assert.Equal(Squash(LongAnswer), Squash(string.Concat(_sender.All.Select(s => s.Reply.Text))));
        Assert.Null(memory.Recall(Group));
    }

    [Fact]
    public async Task A_refused_text_part_sends_the_undelivered_rest_as_a_forward_and_the_chat_remembers_it()
    {
        var cascade = CreateCascade(out var memory);
        var textSends = 0;
        _sender.Script = reply => reply.Form == ReplyForm.Text && ++textSends == 3 ? ScriptedReplyTransport.Refused() : ReplyResult.Success(null);

        var form = await cascade.DeliverAsync(new ReplyTarget(Group, null), LongAnswer, ReplyForm.Text, CancellationToken.None);

        Assert.Equal(ReplyForm.Forward, form);
        var delivered = _sender.Delivered.ToList();
        Assert.Equal(3, delivered.Count);
        Assert.Equal(ReplyForm.Forward, delivered[2].Form);
        Assert.All(delivered[2].Parts!, node => Assert.True(node.Length <= 100));
        var arrived = string.Concat(delivered.Take(2).Select(r => r.Text)) + string.Concat(delivered[2].Parts!);
        Assert.Equal(Squash(LongAnswer), Squash(arrived));
        Assert.Equal(ReplyForm.Forward, memory.Recall(Group));
        Assert.Equal(ReplyForm.Forward, _policy!.StartForm(Group, LongAnswer.Length));
        Assert.Equal(ReplyForm.Text, _policy!.StartForm(Group, 10));
    }

    [Fact]
    public async Task Text_and_forward_refused_arrives_as_an_image_of_the_whole_text()
    {
        var cascade = CreateCascade(out var memory);
        _sender.Script = reply => reply.Form == ReplyForm.Image ? ReplyResult.Success(null) : ScriptedReplyTransport.Refused();

        var form = await cascade.DeliverAsync(new ReplyTarget(Group, null), LongAnswer, ReplyForm.Text, CancellationToken.None);

        Assert.Equal(ReplyForm.Image, form);
        Assert.Equal([LongAnswer], _renderer.Rendered);
        Assert.Equal([ReplyForm.Text, ReplyForm.Forward, ReplyForm.Image], _sender.All.Select(s => s.Reply.Form));
        Assert.Equal(ReplyForm.Image, memory.Recall(Group));
    }

    [Fact]
    public async Task A_timed_out_send_is_sent_again_in_the_next_form()
    {
        var cascade = CreateCascade(out _);
        _sender.Script = reply => reply.Form == ReplyForm.Text ? ReplyResult.Failed("timed out", timedOut: true) : ReplyResult.Success(null);

        var form = await cascade.DeliverAsync(new ReplyTarget(Group, null), "短回答", ReplyForm.Text, CancellationToken.None);

        Assert.Equal(ReplyForm.Forward, form);
        Assert.Equal(["短回答"], _sender.Delivered.Single().Parts);
    }

    [Fact]
    public async Task A_sender_that_throws_counts_as_a_refusal()
    {
        var cascade = CreateCascade(out _, new ThrowingTransport(_sender));
        var form = await cascade.DeliverAsync(new ReplyTarget(Group, null), "你好", ReplyForm.Text, CancellationToken.None);
        Assert.Equal(ReplyForm.Forward, form);
    }

    [Fact]
    public async Task When_every_form_fails_the_chat_gets_a_notice()
    {
        var cascade = CreateCascade(out var memory);
        _sender.Script = reply => reply.Text == ChatTexts.ReplyUndelivered ? ReplyResult.Success(null) : ScriptedReplyTransport.Refused();

        var form = await cascade.DeliverAsync(new ReplyTarget(Group, null), LongAnswer, ReplyForm.Text, CancellationToken.None);

        Assert.Null(form);
        Assert.Equal(ChatTexts.ReplyUndelivered, _sender.Delivered.Single().Text);
        Assert.Null(memory.Recall(Group));
    }

    [Fact]
    public async Task Without_a_renderer_the_image_form_is_skipped()
    {
        var cascade = CreateCascade(out _, renderer: new FixedImageRenderer(available: false));
        _sender.Script = reply => reply.Form == ReplyForm.Text && reply.Text == ChatTexts.ReplyUndelivered ? ReplyResult.Success(null) : ScriptedReplyTransport.Refused();

        var form = await cascade.DeliverAsync(new ReplyTarget(Group, null), "你好", ReplyForm.Text, CancellationToken.None);

        Assert.Null(form);
        Assert.DoesNotContain(_sender.All, s => s.Reply.Form == ReplyForm.Image);
    }

    [Fact]
    public async Task Only_the_first_delivered_message_quotes_the_asker()
    {
        var cascade = CreateCascade(out _);
        var target = new ReplyTarget(Group, 777);

        await cascade.DeliverAsync(target, LongAnswer, ReplyForm.Text, CancellationToken.None);

        var quotes = _sender.Delivered.Select(r => r.QuoteMessageId).ToList();
        Assert.Equal(777, quotes[0]);
        Assert.All(quotes.Skip(1), quote => Assert.Null(quote));
    }

    [Fact]
    public async Task The_quote_moves_to_the_image_when_the_text_carrying_it_was_refused()
    {
        var cascade = CreateCascade(out _);
        _sender.Script = reply => reply.Form == ReplyForm.Image ? ReplyResult.Success(null) : ScriptedReplyTransport.Refused();

        await cascade.DeliverAsync(new ReplyTarget(Group, 777), "你好", ReplyForm.Text, CancellationToken.None);

        Assert.Equal(777, _sender.Delivered.Single().QuoteMessageId);
    }

    [Theory]
    [InlineData(ReplyMode.Stream, 5000, ReplyForm.Text)]
    [InlineData(ReplyMode.Whole, 5000, ReplyForm.Text)]
    [InlineData(ReplyMode.Forward, 299, ReplyForm.Text)]
    [InlineData(ReplyMode.Forward, 300, ReplyForm.Forward)]
    [InlineData(ReplyMode.Image, 149, ReplyForm.Text)]
    [InlineData(ReplyMode.Image, 150, ReplyForm.Image)]
    public void The_mode_and_length_choose_the_first_form(ReplyMode mode, int length, ReplyForm expected)
    {
        _options.Mode = mode;
        var cascade = CreateCascade(out _);
        Assert.Equal(expected, _policy!.StartForm(Group, length));
    }

    [Fact]
    public void A_remembered_form_expires()
    {
        var cascade = CreateCascade(out var memory);
        memory.Remember(Group, ReplyForm.Image);
        Assert.Equal(ReplyForm.Image, _policy!.StartForm(Group, 1000));

        _time.Advance(_options.FormMemory);

        Assert.Equal(ReplyForm.Text, _policy!.StartForm(Group, 1000));
    }

    [Fact]
    public void A_remembered_form_wins_over_the_mode_for_long_answers_only()
    {
        _options.Mode = ReplyMode.Image;
        var cascade = CreateCascade(out var memory);
        memory.Remember(Group, ReplyForm.Forward);
        Assert.Equal(ReplyForm.Forward, _policy!.StartForm(Group, 1000));
        Assert.Equal(ReplyForm.Text, _policy!.StartForm(Group, 20));
    }

    [Fact]
    public async Task An_image_start_that_fails_wraps_round_to_text_and_the_chat_remembers_text()
    {
        _options.Mode = ReplyMode.Image;
        var cascade = CreateCascade(out var memory, renderer: new FixedImageRenderer(available: false));

        var form = await cascade.DeliverAsync(new ReplyTarget(Group, null), LongAnswer, ReplyForm.Image, CancellationToken.None);

        Assert.Equal(ReplyForm.Text, form);
        Assert.Equal(Squash(LongAnswer), Squash(string.Concat(_sender.Delivered.Select(r => r.Text))));
        Assert.Equal(ReplyForm.Text, memory.Recall(Group));
        Assert.Equal(ReplyForm.Text, _policy!.StartForm(Group, LongAnswer.Length));
    }

    /// <summary>Text ignoring whitespace, to compare what arrived with the answer modulo the whitespace at cuts.</summary>
    internal static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private ReplyCascade CreateCascade(out ReplyFormMemory memory, IReplyTransport? transport = null, IReplyImageRenderer? renderer = null)
    {
        var options = Options.Create(_options);
        memory = new ReplyFormMemory(options, _time);
        _policy = new ReplyFormPolicy(memory, options);

        // The pacer runs on real time at 100 messages/s here; its own timing is tested with a fake clock.
        var sender = new ReplySender(transport ?? _sender, new ReplyPacer(options, TimeProvider.System), TestMeters.Chat(), NullLogger<ReplySender>.Instance);
        return new ReplyCascade(sender, _policy, renderer ?? _renderer, options, TestMeters.Chat(), NullLogger<ReplyCascade>.Instance);
    }

    private sealed class ThrowingTransport(ScriptedReplyTransport inner) : IReplyTransport
    {
        public Task<ReplyResult> SendAsync(ConversationKey key, ReplyMessage message, CancellationToken cancellationToken) =>
            message.Form == ReplyForm.Text ? throw new InvalidOperationException("not connected") : inner.SendAsync(key, message, cancellationToken);
    }
}
