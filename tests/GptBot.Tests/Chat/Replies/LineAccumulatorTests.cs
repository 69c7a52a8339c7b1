using GptBot.Chat.Replies;

namespace GptBot.Tests.Chat.Replies;

[Trait("Category", "Unit")]
public sealed class LineAccumulatorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(100)]
    public void Lines_come_out_once_in_order_without_empty_ones(int chunkSize)
    {
        const string answer = "a\nb\n\nc";

        var lines = Feed(answer, chunkSize);

        Assert.Equal(["a", "b", "c"], lines);
    }

    [Fact]
    public void A_line_is_released_as_soon_as_its_newline_arrives()
    {
        var accumulator = new LineAccumulator();

        Assert.Empty(accumulator.Append("hel"));
        Assert.Empty(accumulator.Append("lo"));
        Assert.Equal(["hello"], accumulator.Append("\nwor"));
        Assert.Equal("wor", accumulator.Flush());
    }

    [Fact]
    public void A_delta_with_several_newlines_releases_several_lines()
    {
        var accumulator = new LineAccumulator();

        Assert.Equal(["one", "two", "three"], accumulator.Append("one\ntwo\nthree\nfour"));
        Assert.Equal("four", accumulator.Flush());
    }

    [Fact]
    public void A_trailing_newline_does_not_repeat_the_last_line()
    {
        var lines = Feed("first\nlast\n", 1);

        Assert.Equal(["first", "last"], lines);
    }

    [Theory]
    [InlineData("a\r\nb\r\n")]
    [InlineData("a\r\nb")]
    [InlineData("a\r\n\r\nb\r\n\r\n")]
    public void Crlf_line_ends_leave_no_carriage_return(string answer)
    {
        Assert.Equal(["a", "b"], Feed(answer, 1));
        Assert.Equal(["a", "b"], Feed(answer, 100));
    }

    [Fact]
    public void Whitespace_only_lines_are_not_sent()
    {
        Assert.Equal(["x", "y"], Feed("x\n   \n\t\ny\n  ", 2));
    }

    [Fact]
    public void Full_text_keeps_everything_received()
    {
        var accumulator = new LineAccumulator();
        accumulator.Append("a\n\n");
        accumulator.Append("b");

        Assert.Equal("a\n\nb", accumulator.FullText);
    }

    private static List<string> Feed(string answer, int chunkSize)
    {
        var accumulator = new LineAccumulator();
        var lines = new List<string>();
        for (var i = 0; i < answer.Length; i += chunkSize)
        {
            lines.AddRange(accumulator.Append(answer.Substring(i, Math.Min(chunkSize, answer.Length - i))));
        }

        if (accumulator.Flush() is { } last)
        {
            lines.Add(last);
        }

        return lines;
    }
}
