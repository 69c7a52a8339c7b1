using GptBot.Llm.WebSession;

namespace GptBot.Tests.Llm.WebSession;

public sealed class CumulativeTextTests
{
    [Fact]
    public void Each_snapshot_yields_only_what_is_new()
    {
        var text = new CumulativeText();

        Assert.Equal("Hel", text.Next("m", "Hel"));
        Assert.Equal("lo\n", text.Next("m", "Hello\n"));
        Assert.Equal(string.Empty, text.Next("m", "Hello\n"));
        Assert.Equal("World", text.Next("m", "Hello\nWorld"));
    }

    [Fact]
    public void An_older_shorter_snapshot_yields_nothing()
    {
        var text = new CumulativeText();
        text.Next("m", "Hello world");

        Assert.Equal(string.Empty, text.Next("m", "Hello"));
        Assert.Equal("!", text.Next("m", "Hello world!"));
    }

    [Fact]
    public void A_rewritten_message_shows_only_what_is_beyond_the_text_already_sent()
    {
        var text = new CumulativeText();
        text.Next("m", "abc");

        Assert.Equal("de", text.Next("m", "xbcde"));
        Assert.Equal("f", text.Next("m", "xbcdef"));
    }

    [Fact]
    public void A_second_message_starts_a_new_paragraph()
    {
        var text = new CumulativeText();
        text.Next("m1", "first");

        Assert.Equal("\n\nsec", text.Next("m2", "sec"));
        Assert.Equal("ond", text.Next("m2", "second"));
    }

    [Fact]
    public void Frames_without_a_message_id_continue_the_current_message()
    {
        var text = new CumulativeText();

        Assert.Equal("a", text.Next(null, "a"));
        Assert.Equal("b", text.Next("m", "ab"));
        Assert.Equal("c", text.Next(null, "abc"));
    }
}
