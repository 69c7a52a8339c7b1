using GptBot.OneBot.Protocol;

namespace GptBot.Tests.OneBot.Protocol;

/// <summary>CQ codes: parsing, escaping, malformed and hostile input, and round trips.</summary>
[Trait("Category", "Unit")]
public sealed class CqCodeTests
{
    [Fact]
    public void Face_text_image_parse_in_order()
    {
        var segments = CqCode.Parse("[CQ:face,id=178]看看[CQ:image,file=123.jpg]");

        Assert.Equal(["face", "text", "image"], segments.Select(s => s.Type));
        Assert.Equal("178", segments[0].Get("id"));
        Assert.Equal("看看", segments[1].Text);
        Assert.Equal("123.jpg", segments[2].Get("file"));
    }

    [Fact]
    public void Escaped_brackets_before_a_code_are_literal_text()
    {
        var segments = CqCode.Parse("&#91;第一部分&#93;[CQ:image,file=123.jpg]图片之后的部分，表情：[CQ:face,id=123]");

        Assert.Equal(["text", "image", "text", "face"], segments.Select(s => s.Type));
        Assert.Equal("[第一部分]", segments[0].Text);
        Assert.Equal("图片之后的部分，表情：", segments[2].Text);
    }

    [Fact]
    public void A_value_is_split_at_its_first_equals_sign()
    {
        var share = Assert.Single(CqCode.Parse("[CQ:share,title=标题中有=等号,url=http://baidu.com]"));

        Assert.Equal("标题中有=等号", share.Get("title"));
        Assert.Equal("http://baidu.com", share.Get("url"));
    }

    [Fact]
    public void Escaped_comma_and_ampersand_in_values_are_unescaped()
    {
        var share = Assert.Single(CqCode.Parse("[CQ:share,title=震惊&#44;小伙,url=http://x/?a=1&amp;b=2]"));

        Assert.Equal("震惊,小伙", share.Get("title"));
        Assert.Equal("http://x/?a=1&b=2", share.Get("url"));
    }

    [Fact]
    public void Shake_has_no_data_and_at_all_keeps_its_value()
    {
        var segments = CqCode.Parse("[CQ:shake][CQ:at,qq=all]");

        Assert.Equal("shake", segments[0].Type);
        Assert.Empty(segments[0].Data);
        Assert.Equal("at", segments[1].Type);
        Assert.Equal("all", segments[1].Get("qq"));
    }

    [Theory]
    [InlineData("&amp;#91;", "&#91;")]
    [InlineData("Hello &amp; world", "Hello & world")]
    [InlineData("&amp;amp;", "&amp;")]
    [InlineData("a&#44;b", "a,b")]
    [InlineData("a & b", "a & b")]
    public void Ampersand_is_unescaped_last(string wire, string text) =>
        Assert.Equal(text, Assert.Single(CqCode.Parse(wire)).Text);

    [Fact]
    public void Text_escapes_brackets_and_ampersand_but_not_commas()
    {
        Assert.Equal("- &#91;x&#93; 使用 &amp;data", CqCode.Encode([MessageSegment.CreateText("- [x] 使用 &data")]));
        Assert.Equal("Hello, world!", CqCode.Encode([MessageSegment.CreateText("Hello, world!")]));
        Assert.Equal("&#91;CQ:at,qq=123&#93;", CqCode.Encode([MessageSegment.CreateText("[CQ:at,qq=123]")]));
    }

    [Fact]
    public void Values_escape_ampersand_brackets_and_comma()
    {
        var image = new MessageSegment("image", [new("file", "https://test.com/?foo=1&bar=2,3[x]")]);

        Assert.Equal("[CQ:image,file=https://test.com/?foo=1&amp;bar=2&#44;3&#91;x&#93;]", CqCode.Encode([image]));
    }

    [Fact]
    public void Text_segments_are_never_encoded_as_a_text_code()
    {
        var encoded = CqCode.Encode([MessageSegment.CreateText("a"), MessageSegment.At(10001), MessageSegment.CreateText("b")]);

        Assert.Equal("a[CQ:at,qq=10001]b", encoded);
        Assert.DoesNotContain("CQ:text", encoded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[CQ:image,")]
    [InlineData("[CQ:face,id]")]
    [InlineData("[CQ:")]
    [InlineData("[CQ:]")]
    [InlineData("[CQ:face,id=1,]")]
    [InlineData("[CQ:fa ce,id=1]")]
    [InlineData("[CQ:face,=1]")]
    [InlineData("]][[CQ:[CQ:at,qq=1")]
    [InlineData("[CQ:image,file=a[CQ:face,id=1]")]
    public void Malformed_codes_stay_literal_text(string wire)
    {
        var segments = CqCode.Parse(wire);

        // Nothing is lost: the literal text plus any well-formed code found inside reads back as the input.
        Assert.Equal(wire, string.Concat(segments.Select(s => s.IsText ? s.Text : s.ToString())));
        Assert.All(segments.Where(s => !s.IsText), s => Assert.Equal("face", s.Type));
    }

    [Fact]
    public void A_malformed_code_before_a_good_one_does_not_swallow_it()
    {
        var segments = CqCode.Parse("[CQ:image,file=a[CQ:face,id=1]x");

        Assert.Equal(["text", "face", "text"], segments.Select(s => s.Type));
        Assert.Equal("[CQ:image,file=a", segments[0].Text);
        Assert.Equal("x", segments[2].Text);
    }

    [Fact]
    public void Text_that_looks_like_a_code_after_unescaping_stays_text()
    {
        var segment = Assert.Single(CqCode.Parse("&#91;CQ:at,qq=all&#93;"));

        Assert.Equal("[CQ:at,qq=all]", segment.Text);
    }

    [Fact]
    public void Empty_input_gives_no_segments()
    {
        Assert.Empty(CqCode.Parse(string.Empty));
        Assert.Empty(CqCode.Parse(null));
    }

    [Fact]
    public void Hostile_unterminated_codes_parse_in_linear_time()
    {
        var hostile = string.Concat(Enumerable.Repeat("[CQ:", 250_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var segment = Assert.Single(CqCode.Parse(hostile));

        Assert.Equal(hostile, segment.Text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Encode_then_parse_round_trips_arbitrary_strings()
    {
        var random = new Random(20261125);
        const string alphabet = "[]&,=;#9134amp CQ:at你好\n\t😀";
        for (var i = 0; i < 2000; i++)
        {
            var text = RandomString(random, alphabet);
            var value = RandomString(random, alphabet);
            var original = new List<MessageSegment> { MessageSegment.CreateText("x" + text), new("image", [new("file", value), new("url", text)]), MessageSegment.CreateText(text + "y") };

            var parsed = CqCode.Parse(CqCode.Encode(original));

            Assert.Equal(original, parsed);
        }
    }

    private static string RandomString(Random random, string alphabet)
    {
        var chars = new char[random.Next(0, 24)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
