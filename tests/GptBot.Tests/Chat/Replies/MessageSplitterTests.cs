using System.Text;
using GptBot.Chat.Replies;

namespace GptBot.Tests.Chat.Replies;

public sealed class MessageSplitterTests
{
    [Fact]
    public void Short_text_is_one_part_without_blank_lines_around_it_keeping_its_indentation()
    {
        Assert.Equal(["你好"], MessageSplitter.Split("\r\n你好 \n", 100));
        Assert.Equal(["    indented();"], MessageSplitter.Split(" \n    indented();\n", 100));
        Assert.Empty(MessageSplitter.Split(" \n\t ", 100));
    }

    [Fact]
    public void Prefers_a_paragraph_break_over_a_line_break()
    {
        var text = "第一段第一行\n第一段第二行\n\n第二段第一行\n第二段第二行";
        var parts = MessageSplitter.Split(text, 20);
        Assert.Equal(["第一段第一行\n第一段第二行", "第二段第一行\n第二段第二行"], parts);
    }

    [Fact]
    public void Prefers_a_line_break_over_a_sentence_end()
    {
        var parts = MessageSplitter.Split("一二三。四五六\n七八九。十", 12);
        Assert.Equal("一二三。四五六", parts[0]);
    }

    [Fact]
    public void Cuts_after_a_sentence_end_when_there_is_no_line_break()
    {
        var parts = MessageSplitter.Split("这是第一句话。这是第二句话！这是第三句话？最后", 16);
        Assert.Equal(["这是第一句话。这是第二句话！", "这是第三句话？最后"], parts);
    }

    [Fact]
    public void Keeps_a_closing_quote_with_its_sentence()
    {
        var parts = MessageSplitter.Split("他说：“走吧。”然后他们离开了这里去了很远的地方", 12);
        Assert.Equal("他说：“走吧。”", parts[0]);
    }

    [Fact]
    public void An_ascii_period_inside_a_number_or_domain_is_not_a_sentence_end()
    {
        var parts = MessageSplitter.Split("pi is 3.14159 and the site is example.com ok", 20);
        Assert.All(parts, part => Assert.DoesNotContain(part, p => p == '.' && part.EndsWith('.')));
        Assert.DoesNotContain("3.", parts.Select(p => p[^2..]));
    }

    [Fact]
    public void Cuts_at_a_space_rather_than_inside_a_word()
    {
        var parts = MessageSplitter.Split("alpha beta gamma delta epsilon", 12);
        Assert.Equal(["alpha beta", "gamma delta", "epsilon"], parts);
    }

    [Fact]
    public void Hard_cuts_text_without_any_boundary()
    {
        var parts = MessageSplitter.Split(new string('x', 25), 10);
        Assert.Equal([10, 10, 5], parts.Select(p => p.Length));
    }

    [Fact]
    public void Never_cuts_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 10));
        var parts = MessageSplitter.Split(text, 5);
        Assert.All(parts, part => Assert.True(part.Length <= 5));
        Assert.All(parts, AssertNoBrokenSurrogate);
        Assert.Equal(text, string.Concat(parts));
    }

    [Fact]
    public void Moves_a_code_block_whole_to_the_next_part_rather_than_cutting_it()
    {
        var code = "```python\nprint(1)\nprint(2)\nprint(3)\n```";
        var text = "前面的说明文字比较长一些。\n" + code + "\n后面";
        var parts = MessageSplitter.Split(text, code.Length + 5);
        Assert.Contains(parts, part => part.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public void Cuts_inside_a_code_block_at_a_line_when_the_block_is_longer_than_a_message()
    {
        var lines = Enumerable.Range(0, 40).Select(i => $"    call_{i:00}();");
        var text = "```c\n" + string.Join('\n', lines) + "\n```";
        var parts = MessageSplitter.Split(text, 120);
        Assert.All(parts, part => Assert.True(part.Length <= 120));
        // Every cut falls at a line end: no statement is split across two messages.
        Assert.All(parts, part => Assert.True(part.EndsWith(");", StringComparison.Ordinal) || part.EndsWith("```", StringComparison.Ordinal)));
    }

    [Fact]
    public void Rejects_a_limit_below_two()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageSplitter.Split("abc", 1));
    }

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 40));

    /// <summary>Property check over random texts mixing CJK, ASCII, emoji, newlines, sentence ends and code fences.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_texts_keep_every_char_in_order_within_the_limit(int seed)
    {
        var random = new Random(seed);
        var text = RandomText(random, random.Next(0, 3000));
        var max = random.Next(2, 400);

        var parts = MessageSplitter.Split(text, max);

        Assert.All(parts, part => Assert.InRange(part.Length, 1, max));
        // Whitespace goes at the cuts and at the end; the first part keeps the indentation of its first line only.
        Assert.All(parts.Skip(1), part => Assert.Equal(part.TrimStart(), part));
        Assert.All(parts, part => Assert.Equal(part.TrimEnd(), part));
        Assert.All(parts.Take(1), part => Assert.DoesNotContain('\n', part[..(part.Length - part.TrimStart().Length)]));
        Assert.All(parts, AssertNoBrokenSurrogate);
        AssertIsOriginalModuloWhitespaceAtCuts(text, parts);
    }

    private static void AssertIsOriginalModuloWhitespaceAtCuts(string original, IReadOnlyList<string> parts)
    {
        var cursor = 0;
        foreach (var part in parts)
        {
            var at = original.IndexOf(part, cursor, StringComparison.Ordinal);
            Assert.True(at >= 0, $"part not found in order: {part}");
            Assert.True(string.IsNullOrWhiteSpace(original[cursor..at]), $"non-whitespace dropped before: {part}");
            cursor = at + part.Length;
        }

        Assert.True(string.IsNullOrWhiteSpace(original[cursor..]), "non-whitespace dropped at the end");
    }

    private static void AssertNoBrokenSurrogate(string part)
    {
        for (var i = 0; i < part.Length; i++)
        {
            if (char.IsHighSurrogate(part[i]))
            {
                Assert.True(i + 1 < part.Length && char.IsLowSurrogate(part[i + 1]), "high surrogate without its pair");
                i++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(part[i]), "low surrogate without its pair");
            }
        }
    }

    private static string RandomText(Random random, int length)
    {
        string[] pieces = ["你", "好", "世界", "a", "word", " ", "  ", "\n", "\n\n", "。", "！", "？", ". ", "3.14", "😀", "👍🏽", "“引号。”", "\n```\n", "\n```js\n", "\t", "\r\n"];
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            builder.Append(random.Next(4) == 0 ? new string('z', random.Next(1, 60)) : pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }
}
