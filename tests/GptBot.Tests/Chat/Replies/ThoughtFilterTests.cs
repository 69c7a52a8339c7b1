using GptBot.Chat.Replies;

namespace GptBot.Tests.Chat.Replies;

/// <summary>What of a reasoning model's stream reaches the chat and the history, however the stream is cut into deltas.</summary>
[Trait("Category", "Unit")]
public sealed class ThoughtFilterTests
{
    private const string Thinking = "\n  <think>\n用户问的是天气。我应该先想想</thi</think>\n\n今天晴，25 度。\n明天有雨。";

    public static TheoryData<int> ChunkSizes => [1, 2, 3, 7, 100];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void A_leading_think_block_is_dropped_wherever_the_deltas_split_it(int chunkSize)
    {
        var filter = new ThoughtFilter(show: false);

        var sent = Feed(filter, Thinking, chunkSize);

        Assert.Equal("今天晴，25 度。\n明天有雨。", sent);
        Assert.Equal(sent, filter.Answer(sent));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void An_unclosed_block_is_all_thought_and_nothing_is_sent(int chunkSize)
    {
        var filter = new ThoughtFilter(show: false);

        Assert.Equal(string.Empty, Feed(filter, "<think>我想了很久，还没想完", chunkSize));
    }

    [Theory]
    [InlineData("普通的回答，没有思考。")]
    [InlineData("  \n缩进的回答")]
    [InlineData("<b>粗体</b> 开头的回答")]
    [InlineData("<thin")]
    [InlineData("回答里提到 <think> 标签不算思考")]
    public void An_answer_without_a_leading_block_passes_unchanged(string answer)
    {
        foreach (var size in new[] { 1, 3, 100 })
        {
            Assert.Equal(answer, Feed(new ThoughtFilter(show: false), answer, size));
        }
    }

    [Fact]
    public void Reasoning_content_is_dropped_when_hidden()
    {
        var filter = new ThoughtFilter(show: false);

        var sent = filter.Reasoning("先想一想") + filter.Reasoning("再想一想") + filter.Content("答案") + filter.Complete();

        Assert.Equal("答案", sent);
    }

    [Fact]
    public void Shown_reasoning_content_is_framed_before_the_answer_and_the_history_keeps_the_answer_alone()
    {
        var filter = new ThoughtFilter(show: true);

        var sent = filter.Reasoning("先想") + filter.Reasoning("一想") + filter.Content("答案") + filter.Content("在此") + filter.Complete();

        Assert.Equal("<think>\n先想一想\n</think>\n\n答案在此", sent);
        Assert.Equal("答案在此", filter.Answer(sent));
    }

    [Fact]
    public void Shown_reasoning_cut_off_before_any_answer_is_still_closed()
    {
        var filter = new ThoughtFilter(show: true);

        var sent = filter.Reasoning("想到一半") + filter.Complete();

        Assert.Equal("<think>\n想到一半\n</think>", sent);
        Assert.Equal(string.Empty, filter.Answer(sent).Trim());
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void A_shown_think_block_reaches_the_chat_as_written_but_not_the_history(int chunkSize)
    {
        var filter = new ThoughtFilter(show: true);

        var sent = Feed(filter, Thinking, chunkSize);

        Assert.Equal(Thinking, sent);
        Assert.Equal("今天晴，25 度。\n明天有雨。", filter.Answer(sent));
    }

    private static string Feed(ThoughtFilter filter, string text, int chunkSize)
    {
        var sent = string.Empty;
        for (var i = 0; i < text.Length; i += chunkSize)
        {
            sent += filter.Content(text.Substring(i, Math.Min(chunkSize, text.Length - i)));
        }

        return sent + filter.Complete();
    }
}
