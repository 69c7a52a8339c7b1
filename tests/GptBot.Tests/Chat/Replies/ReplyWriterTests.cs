using GptBot.Chat.Model;
using GptBot.Chat.Ports;
using GptBot.Chat.Replies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GptBot.Tests.Chat.Replies;

public sealed class ReplyWriterTests
{
    private static readonly IncomingMessage Question = new(ConversationKey.Group(10001, 20002), 30003, "member", "/gpt hi", true, 555);

    private readonly ScriptedReplyTransport _sender = new();
    private readonly SteppedWallClock _clock = new();
    private readonly ReplyOptions _options = new() { MaxMessageLength = 100, CoalesceWindow = TimeSpan.FromMilliseconds(500) };
    private ReplyFormMemory? _memory;

    [Fact]
    public async Task Lines_arriving_within_the_window_go_as_one_message_and_the_rate_spaces_messages()
    {
        var writer = CreateWriter();

        writer.Append("第一行\n第二");
        writer.Append("行\n未完");
        _clock.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal("第一行\n第二行", (await _sender.NextAsync()).Text);

        writer.Append("的第三行\n");
        _clock.Time.Advance(TimeSpan.FromMilliseconds(500));
        _clock.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal("未完的第三行", (await _sender.NextAsync()).Text);

        writer.Append("最后");
        var completing = writer.CompleteAsync();
        _clock.Time.Advance(TimeSpan.FromSeconds(1));
        await completing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("最后", (await _sender.NextAsync()).Text);
        Assert.Equal(3, writer.SentCount);
    }

    [Fact]
    public async Task A_wall_clock_stepped_back_an_hour_does_not_hold_back_the_next_line()
    {
        _options.MessagesPerSecond = double.PositiveInfinity;
        var writer = CreateWriter();

        // The line is complete just before the clock steps back an hour.
        _clock.StepBackAfterNextRead(TimeSpan.FromHours(1));
        writer.Append("第一行\n");
        _clock.Time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal("第一行", (await _sender.NextAsync()).Text);
        await writer.CompleteAsync();
    }

    [Fact]
    public async Task Nothing_is_sent_before_the_answer_completes_in_whole_mode()
    {
        _options.Mode = ReplyMode.Whole;
        _options.MessagesPerSecond = double.PositiveInfinity;
        var writer = CreateWriter();
        var answer = string.Join("\n", Enumerable.Range(0, 30).Select(i => $"第{i}行内容。"));

        foreach (var chunk in answer.Chunk(7))
        {
            writer.Append(new string(chunk));
        }

        Assert.Empty(_sender.All);
        await writer.CompleteAsync();

        Assert.True(_sender.All.Count > 1);
        Assert.All(_sender.All, s => Assert.True(s.Reply.Text.Length <= 100));
        Assert.Equal(ReplyCascadeTests.Squash(answer), ReplyCascadeTests.Squash(string.Concat(_sender.All.Select(s => s.Reply.Text))));
    }

    [Fact]
    public async Task After_a_refused_streamed_message_the_rest_follows_whole_in_the_form_that_worked()
    {
        _options.MessagesPerSecond = double.PositiveInfinity;
        var writer = CreateWriter();
        _sender.Script = reply => reply.Form == ReplyForm.Text ? ScriptedReplyTransport.Refused() : ReplyResult.Success(null);

        writer.Append("第一行\n");
        _clock.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(ReplyForm.Text, (await _sender.NextAsync()).Form);
        Assert.Equal(["第一行"], (await _sender.NextAsync()).Parts);

        writer.Append("第二行\n第三行");
        await writer.CompleteAsync();

        var rest = await _sender.NextAsync();
        Assert.Equal(ReplyForm.Forward, rest.Form);
        Assert.Equal(["第二行\n第三行"], rest.Parts);
        Assert.Equal(3, _sender.All.Count);
        Assert.Equal(ReplyForm.Forward, _memory!.Recall(Question.Key));
    }

    [Fact]
    public async Task A_chat_that_remembers_a_form_gets_long_answers_whole_in_it()
    {
        _options.MessagesPerSecond = double.PositiveInfinity;
        CreateWriter();
        _memory!.Remember(Question.Key, ReplyForm.Image);
        var writer = CreateWriter();
        var answer = string.Concat(Enumerable.Repeat("一行文字\n", 40));

        writer.Append(answer);
        _clock.Time.Advance(TimeSpan.FromSeconds(5));
        await writer.CompleteAsync();

        Assert.Equal(ReplyForm.Image, _sender.All.Single().Reply.Form);
    }

    [Fact]
    public async Task An_unfinished_code_block_is_held_back_until_it_closes()
    {
        _options.MessagesPerSecond = double.PositiveInfinity;
        var writer = CreateWriter();

        writer.Append("```python\nprint(1)\n");
        _clock.Time.Advance(TimeSpan.FromMilliseconds(500));
        writer.Append("print(2)\n```\n");
        _clock.Time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal("```python\nprint(1)\nprint(2)\n```", (await _sender.NextAsync()).Text);
        await writer.CompleteAsync();
    }

    [Fact]
    public async Task Line_streaming_sends_a_code_block_when_it_closes_and_streams_the_lines_after_it()
    {
        _options.CoalesceWindow = TimeSpan.Zero;
        _options.MessagesPerSecond = double.PositiveInfinity;
        var writer = CreateWriter();

        writer.Append("看代码：\n```\n");
        Assert.Equal("看代码：", (await _sender.NextAsync()).Text);
        writer.Append("x = 1\n");
        writer.Append("```\n之后\n");
        Assert.Equal("```\nx = 1\n```", (await _sender.NextAsync()).Text);
        Assert.Equal("之后", (await _sender.NextAsync()).Text);

        await writer.CompleteAsync();
        Assert.Equal(3, _sender.All.Count);
    }

    [Fact]
    public async Task Line_streaming_sends_a_code_block_longer_than_a_message_before_it_closes()
    {
        _options.CoalesceWindow = TimeSpan.Zero;
        _options.MessagesPerSecond = double.PositiveInfinity;
        var writer = CreateWriter();
        var code = string.Concat(Enumerable.Range(0, 12).Select(i => $"    line_{i:00} = {i}\n"));

        writer.Append("```\n" + code);

        Assert.StartsWith("```\n    line_00 = 0", (await _sender.NextAsync()).Text, StringComparison.Ordinal);
        await writer.CompleteAsync();
    }

    [Fact]
    public async Task Line_streaming_keeps_the_indentation_of_each_line()
    {
        _options.CoalesceWindow = TimeSpan.Zero;
        _options.MessagesPerSecond = double.PositiveInfinity;
        var writer = CreateWriter();

        writer.Append("def f():\n    return 1\n");
        writer.Append("\n\t  tail  ");
        await writer.CompleteAsync();

        Assert.Equal(["def f():", "    return 1", "\t  tail"], _sender.All.Select(s => s.Reply.Text));
    }

    [Fact]
    public async Task A_notice_follows_the_part_of_the_answer_already_written_and_the_first_message_quotes_the_asker()
    {
        _options.Mode = ReplyMode.Whole;
        _options.QuoteInGroups = true;
        _options.MessagesPerSecond = double.PositiveInfinity;
        var writer = CreateWriter();

        writer.Append("写到一半");
        await writer.SendNoticeAsync(ChatTexts.Timeout);

        Assert.Equal(["写到一半", ChatTexts.Timeout], _sender.All.Select(s => s.Reply.Text));
        Assert.Equal([555L, null], _sender.All.Select(s => s.Reply.QuoteMessageId));
    }

    private ReplyWriter CreateWriter()
    {
        var options = Options.Create(_options);
        _memory ??= new ReplyFormMemory(options, _clock);
        var pacer = new ReplyPacer(options, _clock);
        var sender = new ReplySender(_sender, pacer, TestMeters.Chat(), NullLogger<ReplySender>.Instance);
        var policy = new ReplyFormPolicy(_memory, options);
        var cascade = new ReplyCascade(sender, policy, new FixedImageRenderer(), options, TestMeters.Chat(), NullLogger<ReplyCascade>.Instance);
        var factory = new ReplyWriterFactory(cascade, sender, policy, pacer, options, _clock, NullLogger<ReplyWriter>.Instance);
        return factory.Create(Question, TestContext.Current.CancellationToken);
    }
}
